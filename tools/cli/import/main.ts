// `npm run import -- <compose file>... --class <ClassName> --out <file.ts> [--profile NAME]... [--secret NAME]... [--defaults compose|hardened]`
// Writes a TypeScript module exporting `class <ClassName> extends DockerStack`; prints one
// warning on stderr per kind of key it could not map (each use is also a comment in the code).
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "node:util";
import { DefinitionError } from "docker-iac";
import { ComposeValueError } from "./compose-values";
import { importCompose, ImportComposeOptions } from "./import-compose";
import { ComposeError } from "./load-compose";

const USAGE = "usage: npm run import -- <compose file>... --class <ClassName> --out <file.ts> [--profile NAME]... [--secret NAME]... [--defaults compose|hardened]";

class UsageError extends Error {}

function usage(message: string): never {
  throw new UsageError(message);
}

/** The command line as options; throws UsageError. */
export function parseImportArgs(argv: string[]): ImportComposeOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        class: { type: "string" },
        out: { type: "string" },
        defaults: { type: "string" },
        profile: { type: "string", multiple: true },
        secret: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    usage(`${(err as Error).message.split("\n")[0].replace(/\. To specify a positional.*$/, "")}. ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  for (const single of ["class", "out", "defaults"]) {
    if (argv.filter((a) => a === `--${single}` || a.startsWith(`--${single}=`)).length > 1) usage(`--${single} is given twice. ${USAGE}`);
  }
  if (positionals.length === 0 || !values.class || !values.out) usage(USAGE);
  if (!/^[A-Z][A-Za-z0-9_]*$/.test(values.class)) usage(`--class '${values.class}' is not a class name (a capital letter, then letters, digits, _)`);
  if (!values.out.endsWith(".ts")) usage(`--out '${values.out}' must be a .ts file`);
  const defaults = values.defaults ?? "compose";
  if (defaults !== "compose" && defaults !== "hardened") usage(`--defaults '${defaults}': use compose or hardened`);
  for (const s of values.secret ?? []) if (!/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(s)) usage(`--secret '${s}' is not a variable name`);
  return {
    files: positionals,
    className: values.class,
    outFile: values.out,
    defaults,
    profiles: values.profile,
    secrets: values.secret,
  };
}

function main(): void {
  let options: ImportComposeOptions | "help";
  try {
    options = parseImportArgs(process.argv.slice(2));
    if (options === "help") {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    const result = importCompose(options);
    // `--profile hardened` meant the defaults profile before --defaults existed.
    const declared = new Set(result.declaredProfiles);
    for (const p of options.profiles ?? []) {
      if (declared.has(p)) continue;
      if (p === "hardened" || p === "compose") usage(`--profile ${p}: no service has the Compose profile '${p}'; the library's defaults profile is now --defaults ${p}`);
      result.warnings.push(`warning: --profile ${p}: no service has this profile${declared.size ? ` (the file's profiles: ${[...declared].join(", ")})` : ""}`);
    }
    try {
      fs.mkdirSync(path.dirname(path.resolve(options.outFile)), { recursive: true });
      fs.writeFileSync(options.outFile, result.code);
    } catch (err) {
      throw new ComposeError(`cannot write --out '${options.outFile}' (${(err as NodeJS.ErrnoException).code ?? String(err)}): give a .ts path in a folder you can write`);
    }
    for (const w of result.warnings) process.stderr.write(`${w}\n`);
    const { mapped, changed, commented } = result.summary;
    process.stdout.write(`wrote ${options.outFile}: class ${options.className}, ${mapped} of ${mapped + changed + commented} key uses mapped, ${commented} commented, ${changed} changed (mapped with another meaning, e.g. ports on 127.0.0.1 where Compose uses 0.0.0.0)\n`);
  } catch (err) {
    // Every refusal is one line; anything else is a bug in the importer, and says so.
    if (err instanceof UsageError || err instanceof ComposeError || err instanceof ComposeValueError) {
      process.stderr.write(`import: ${err.message}\n`);
    } else if (err instanceof DefinitionError) {
      process.stderr.write(`import: ${err.message.split("\n")[0]}\n`);
    } else {
      process.stderr.write(`import: internal error, a bug in the importer (please report it with the compose file): ${err instanceof Error ? err.stack : String(err)}\n`);
    }
    process.exitCode = 1;
  }
}

if (require.main === module) main();
