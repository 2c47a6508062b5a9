/**
 * Terraform reads every string in its JSON configuration as a template: `${...}` is an
 * interpolation and `%{...}` a directive. A user's string (a shell command with
 * `${PORT:-8080}`, an env value) must reach Docker as written, so its template sequences
 * are escaped (`$${`, `%%{`). cdktf tokens inside the string (references to other
 * resources) are kept as they are: they are meant to be interpolated.
 */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

function escapeTemplate(text: string): string {
  // Function replacements: in a replacement string, "$$" would mean one "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** The string as Terraform must see it so that it arrives unchanged; tokens stay live. */
export function literal(value: string): string {
  let out = "";
  let last = 0;
  for (const match of value.matchAll(STRING_TOKEN)) {
    out += escapeTemplate(value.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeTemplate(value.slice(last));
}

/** `literal` on every element. */
export function literalList(values: readonly string[]): string[] {
  return values.map(literal);
}

/** `literal` on every key and value. */
export function literalMap(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [literal(k), literal(v)]));
}
