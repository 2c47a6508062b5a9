// Terraform references and function calls in the synthesized JSON, turned into what they stand
// for on the command line: `${docker_network.Net_1234.name}` is that network's name, an image ID
// (known only at apply) is the image's tag, and a secret file's hash is computed by the shell
// when the command runs (`$(sha256sum <file> | cut -c1-12)`), so no value is copied here.
import { concat, lit, literalText, type Part, shell, type Word } from "./shell";

/** The synthesized resources: type, then logical id, then attributes. */
export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A value explain cannot turn into a command-line word, with the reason. */
export class Unresolvable extends Error {}

/** Attributes that stand for a resource's Docker name (Docker takes a name wherever an ID goes). */
const NAME_ATTRIBUTES = new Set(["name", "id", "image_id", "repo_digest"]);

/** A value an expression evaluates to: a word, or the output of a shell pipeline. */
type Value = { readonly word: Word } | { readonly pipeline: string; readonly file?: Word };

export class References {
  constructor(
    private readonly resources: Resources,
    /** The home folder: paths under it print as `$HOME/...`, so output does not depend on the machine. */
    private readonly home: string,
  ) {}

  /** A value as one word; throws Unresolvable for what only Terraform knows at apply. */
  public word(value: unknown): Word {
    if (typeof value === "number" || typeof value === "boolean") return lit(String(value));
    if (typeof value !== "string") throw new Unresolvable(`${JSON.stringify(value)} is not a single value`);
    const parts: Part[] = [];
    let rest = value;
    for (;;) {
      const start = findInterpolation(rest);
      if (start < 0) {
        parts.push({ text: rest.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{") });
        break;
      }
      if (start > 0)
        parts.push({
          text: rest
            .slice(0, start)
            .replace(/\$\$\{/g, "${")
            .replace(/%%\{/g, "%{"),
        });
      const end = matchingBrace(rest, start + 1);
      if (end < 0) throw new Unresolvable(`unterminated expression in ${JSON.stringify(value)}`);
      parts.push(...toWord(this.evaluate(new Parser(rest.slice(start + 2, end)).expression())));
      rest = rest.slice(end + 1);
    }
    return mergeText(parts);
  }

  /** Like word(), and a literal absolute path under the home folder prints as `$HOME/...`. */
  public path(value: unknown): Word {
    const word = this.word(value);
    const text = literalText(word);
    if (text !== undefined && (text === this.home || text.startsWith(`${this.home}/`)))
      return concat(shell("$HOME"), text.slice(this.home.length));
    return word;
  }

  /** The file whose content a value is (`${filebase64(pathexpand("..."))}`, `${file(...)}`), if it is one. */
  public fileOf(value: unknown): Word | undefined {
    if (typeof value !== "string" || !value.startsWith("${") || matchingBrace(value, 1) !== value.length - 1)
      return undefined;
    try {
      const result = this.evaluate(new Parser(value.slice(2, -1)).expression());
      return "pipeline" in result ? result.file : undefined;
    } catch (err) {
      if (err instanceof Unresolvable) return undefined;
      throw err;
    }
  }

  /** The resources (`type.id`) a value refers to anywhere inside it. */
  public static referencesIn(value: unknown): string[] {
    const text = JSON.stringify(value) ?? "";
    return [...text.matchAll(/\b(docker_[a-z_]+)\.([A-Za-z0-9_-]+)\b/g)].map((m) => `${m[1]}.${m[2]}`);
  }

  private evaluate(node: Node): Value {
    switch (node.kind) {
      case "string":
        return { word: lit(node.value) };
      case "number":
        return { word: lit(String(node.value)) };
      case "traversal":
        return { word: this.traversal(node.names) };
      case "call":
        return this.call(
          node.name,
          node.args.map((a) => this.evaluate(a)),
        );
    }
  }

  private traversal(names: string[]): Word {
    if (names[0] === "var" && names.length === 2) {
      // A Terraform input variable: the command reads it from the environment, as terraform does.
      return shell(`\${TF_VAR_${names[1]}}`);
    }
    const [type, id, attribute] = names;
    const resource = this.resources[type]?.[id];
    if (!resource) throw new Unresolvable(`${names.join(".")} is not a resource of this stack`);
    if (names.length !== 3 || !NAME_ATTRIBUTES.has(attribute))
      throw new Unresolvable(`${names.join(".").replace(/\.\[/g, "[")} is known only after apply`);
    if (resource.name === undefined) throw new Unresolvable(`${type}.${id} has no name`);
    return this.word(resource.name);
  }

  private call(name: string, args: Value[]): Value {
    const wordArg = (i: number): Word => {
      const arg = args[i];
      if (!arg) throw new Unresolvable(`${name}() needs argument ${i + 1}`);
      return toWord(arg);
    };
    const numberArg = (i: number): number => {
      const text = literalText(wordArg(i));
      if (text === undefined || !/^\d+$/.test(text))
        throw new Unresolvable(`${name}() argument ${i + 1} is not a number`);
      return Number(text);
    };
    switch (name) {
      case "pathexpand": {
        const path = wordArg(0);
        const text = literalText(path);
        if (text === "~" || text?.startsWith("~/")) return { word: concat(shell("$HOME"), text.slice(1)) };
        return { word: path };
      }
      case "file":
        return { pipeline: `cat ${renderArg(wordArg(0))}`, file: wordArg(0) };
      case "filebase64":
        return { pipeline: `base64 -w0 ${renderArg(wordArg(0))}`, file: wordArg(0) };
      case "filesha256":
        return { pipeline: `sha256sum ${renderArg(wordArg(0))} | cut -d' ' -f1` };
      case "substr": {
        const [offset, length] = [numberArg(1), numberArg(2)];
        const source = args[0];
        if (source && "word" in source && literalText(source.word) !== undefined) {
          return { word: lit(literalText(source.word)!.slice(offset, offset + length)) };
        }
        if (source && "pipeline" in source)
          return { pipeline: `${source.pipeline} | cut -c${offset + 1}-${offset + length}` };
        throw new Unresolvable("substr() of a value only known at apply");
      }
      default:
        throw new Unresolvable(`the Terraform function ${name}() has no shell equivalent here`);
    }
  }
}

function toWord(value: Value): Word {
  return "word" in value ? value.word : shell(`$(${value.pipeline})`);
}

/** A word inside `$(...)`: the shell parses it afresh there, so it is rendered on its own. */
function renderArg(word: Word): string {
  const text = literalText(word);
  if (text !== undefined) return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
  return `"${word.map((p) => ("text" in p ? p.text.replace(/[\\"$`]/g, (c) => `\\${c}`) : p.shell)).join("")}"`;
}

function mergeText(parts: Part[]): Word {
  const out: Part[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (last && "text" in last && "text" in part) out[out.length - 1] = { text: last.text + part.text };
    else if (!("text" in part) || part.text !== "") out.push(part);
  }
  return out.length ? out : lit("");
}

/** Index of the next `${` that is not the escape `$${`, or -1. */
function findInterpolation(text: string): number {
  for (let i = text.indexOf("${"); i >= 0; i = text.indexOf("${", i + 2)) {
    if (i === 0 || text[i - 1] !== "$") return i;
  }
  if (/(^|[^%])%\{/.test(text))
    throw new Unresolvable(`the template directive in ${JSON.stringify(text)} has no shell equivalent here`);
  return -1;
}

/** Index of the `}` closing the `{` at `open`, skipping quoted strings; -1 when there is none. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

type Node =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "traversal"; names: string[] }
  | { kind: "call"; name: string; args: Node[] };

/** The small part of Terraform's expression language synth writes: references, calls, literals. */
class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  public expression(): Node {
    const node = this.term();
    this.space();
    if (this.pos !== this.text.length)
      throw new Unresolvable(`the Terraform expression \${${this.text}} has no shell equivalent here`);
    return node;
  }

  private term(): Node {
    this.space();
    const c = this.text[this.pos];
    if (c === '"') return { kind: "string", value: this.string() };
    const number = /^\d+/.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return { kind: "number", value: Number(number[0]) };
    }
    const names = [this.identifier()];
    this.space();
    if (this.text[this.pos] === "(") {
      this.pos++;
      const args: Node[] = [];
      this.space();
      while (this.text[this.pos] !== ")") {
        args.push(this.term());
        this.space();
        if (this.text[this.pos] === ",") this.pos++;
        else if (this.text[this.pos] !== ")")
          throw new Unresolvable(`cannot read the Terraform expression \${${this.text}}`);
      }
      this.pos++;
      return { kind: "call", name: names[0], args };
    }
    for (;;) {
      if (this.text[this.pos] === ".") {
        this.pos++;
        names.push(this.identifier());
        continue;
      }
      const index = /^\[\d+\]/.exec(this.text.slice(this.pos));
      if (!index) break;
      this.pos += index[0].length;
      names.push(index[0]);
    }
    return { kind: "traversal", names };
  }

  private identifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos));
    if (!match) throw new Unresolvable(`the Terraform expression \${${this.text}} has no shell equivalent here`);
    this.pos += match[0].length;
    return match[0];
  }

  private string(): string {
    let value = "";
    for (this.pos++; this.pos < this.text.length && this.text[this.pos] !== '"'; this.pos++) {
      if (this.text[this.pos] === "\\") {
        const next = this.text[++this.pos];
        value += ({ n: "\n", t: "\t", r: "\r" } as Record<string, string>)[next] ?? next;
      } else if (this.text.startsWith("${", this.pos)) {
        throw new Unresolvable(
          `a template inside the Terraform expression \${${this.text}} has no shell equivalent here`,
        );
      } else value += this.text[this.pos];
    }
    this.pos++;
    return value;
  }

  private space(): void {
    while (/\s/.test(this.text[this.pos] ?? "")) this.pos++;
  }
}
