// `npm run import -- <compose file> --class <ClassName> --out <file.ts> [--profile hardened]`
// Writes a TypeScript module exporting `class <ClassName> extends DockerStack`; prints a
// warning on stderr for every key it could not map (each also a comment in the code).
import * as fs from "fs";
import * as path from "path";
import { generateStack } from "./generate-stack";
import { ComposeError, loadCompose } from "./load-compose";

const USAGE = "usage: npm run import -- <compose file> --class <ClassName> --out <file.ts> [--profile compose|hardened]";

function fail(message: string): never {
  process.stderr.write(`import: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv: string[]): { file: string; className: string; out: string; profile: "compose" | "hardened" } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("-") && a !== "-") {
      // --name value or --name=value, as most CLIs take them.
      const eq = a.indexOf("=");
      const name = a.startsWith("--") ? (eq < 0 ? a.slice(2) : a.slice(2, eq)) : a;
      if (!["class", "out", "profile"].includes(name)) fail(`unknown option ${a.startsWith("--") ? `--${name}` : a}. ${USAGE}`);
      if (name in flags) fail(`--${name} is given twice. ${USAGE}`);
      if (eq >= 0) flags[name] = a.slice(eq + 1);
      else {
        if (argv[i + 1] === undefined || argv[i + 1].startsWith("--")) fail(`--${name} needs a value. ${USAGE}`);
        flags[name] = argv[++i];
      }
    } else positional.push(a);
  }
  if (positional.length !== 1 || !flags.class || !flags.out) fail(USAGE);
  if (!/^[A-Z][A-Za-z0-9_]*$/.test(flags.class)) fail(`--class '${flags.class}' is not a class name (a capital letter, then letters, digits, _)`);
  if (!flags.out.endsWith(".ts")) fail(`--out '${flags.out}' must be a .ts file`);
  const profile = flags.profile ?? "compose";
  if (profile !== "compose" && profile !== "hardened") fail(`--profile '${profile}': use compose or hardened`);
  return { file: positional[0], className: flags.class, out: flags.out, profile };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  try {
    const loaded = loadCompose(args.file);
    const result = generateStack(loaded, { className: args.className, outFile: args.out, profile: args.profile });
    try {
      fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
      fs.writeFileSync(args.out, result.code);
    } catch (err) {
      fail(`cannot write --out '${args.out}' (${(err as NodeJS.ErrnoException).code ?? String(err)}): give a .ts path in a folder you can write`);
    }
    for (const w of result.warnings) process.stderr.write(`${w}\n`);
    const counted = result.uses.filter((u) => u.status !== "ignored");
    const mapped = counted.filter((u) => u.status === "mapped").length;
    process.stdout.write(`wrote ${args.out}: class ${args.className}, ${mapped} of ${counted.length} key uses mapped, ${counted.length - mapped} commented\n`);
  } catch (err) {
    if (err instanceof ComposeError) fail(err.message);
    throw err;
  }
}

main();
