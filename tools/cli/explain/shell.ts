// Shell words and commands as explain prints them. A word is literal text, or text the shell
// computes when the command runs ($HOME, a file's hash): those parts stay unquoted inside
// double quotes, so the printed command computes them instead of holding a value.

/** A piece of a word: literal text, or shell text the shell expands (`$HOME`, `$(...)`). */
export type Part = { readonly text: string } | { readonly shell: string };

/** One shell word, made of parts. */
export type Word = readonly Part[];

export const lit = (text: string): Word => [{ text }];
export const shell = (text: string): Word => [{ shell: text }];

/** The word's text when it has no shell parts, else undefined. */
export function literalText(word: Word): string | undefined {
  return word.every((p) => "text" in p) ? word.map((p) => ("text" in p ? p.text : "")).join("") : undefined;
}

/** Joins words into one (`--env` + `K=` + a computed value). */
export function concat(...words: (Word | string)[]): Word {
  return words.flatMap((w) => (typeof w === "string" ? lit(w) : w));
}

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes text for the shell, as short as it can: bare when every character is safe, else in
 * single or double quotes, whichever is shorter; text with control characters (a newline in a
 * healthcheck) in bash's $'...' form, so no raw control character is printed.
 */
export function quote(text: string): string {
  if (text !== "" && SAFE.test(text)) return text;
  if (/[\x00-\x1f\x7f]/.test(text)) {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\", "'": "\\'" };
    return `$'${text.replace(/[\x00-\x1f\x7f\\']/g, (c) => named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)}'`;
  }
  const single = `'${text.replace(/'/g, `'\\''`)}'`;
  const double = `"${text.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
  return double.length < single.length ? double : single;
}

/** A word as the shell reads it: quoted literal text, or double quotes around computed parts. */
export function renderWord(word: Word): string {
  const text = literalText(word);
  if (text !== undefined) return quote(text);
  const inner = word.map((p) => ("text" in p ? p.text.replace(/[\\"$`]/g, (c) => `\\${c}`) : p.shell)).join("");
  return `"${inner}"`;
}

/**
 * One printed command: a plain-words comment, then the command. `lines` are groups of words
 * printed one group a line, joined with ` \` (the first group starts with the program).
 * `disabled` prints it commented out, after its reason, when it could not be shown whole.
 */
export interface Command {
  readonly comment: string;
  readonly lines: readonly (readonly Word[])[];
  readonly disabled?: string;
  /** Shell text printed as it is instead of `lines` (a wait loop). */
  readonly raw?: string;
}

/** A comment line alone: something explain cannot show as a command, and why. */
export interface Note {
  readonly note: string;
}

export type Step = Command | Note;

export function isNote(step: Step): step is Note {
  return "note" in step;
}

/** Builds a command from word groups, dropping empty groups. */
export function command(comment: string, lines: (Word | string)[][], disabled?: string): Command {
  const groups = lines
    .map((group) => group.map((w) => (typeof w === "string" ? lit(w) : w)))
    .filter((group) => group.length > 0);
  return disabled === undefined ? { comment, lines: groups } : { comment, lines: groups, disabled };
}

/** The printed text of the steps: `# comment`, then the command (continued with `\`). */
export function renderSteps(steps: readonly Step[]): string {
  const out: string[] = [];
  for (const step of steps) {
    if (isNote(step)) {
      out.push(`# ${step.note}`);
      continue;
    }
    out.push(`# ${step.comment}`);
    const text = step.raw ?? step.lines.map((group) => group.map(renderWord).join(" ")).join(" \\\n  ");
    if (step.disabled === undefined) out.push(text);
    else out.push(`# not runnable as printed: ${step.disabled}`, ...text.split("\n").map((line) => `#   ${line}`));
  }
  return out.length ? `${out.join("\n")}\n` : "";
}
