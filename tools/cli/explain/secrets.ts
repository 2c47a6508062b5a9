// Secrets are shown as references, never as values: a file's path, a variable's name.

/** Names of environment variables that hold a secret itself (a `*_FILE` variable holds only a path). */
const SECRET_NAME = /(PASS(WORD|WD)?|SECRET|TOKEN|PRIVATE_?KEY|API_?KEY|CREDENTIALS?)$/i;

export function isSecretVariable(name: string): boolean {
  return SECRET_NAME.test(name) && !/_FILE$/i.test(name);
}

/** The sentence printed for each secret variable passed from the shell instead of shown. */
export function secretVariableNote(name: string, owner: string): string {
  return `${owner}: ${name} holds a secret; the command passes it from your shell (export ${name}=... first) and its value is not shown`;
}
