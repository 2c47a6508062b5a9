// `docker-iac import <compose file>... [--class C] [--out F] [--profile P]... [--secret V]... [--defaults compose|hardened]`
// Writes a TypeScript module exporting `class <C> extends DockerStack`; prints one warning on
// stderr per kind of key it could not map (each use is also a comment in the code).
import * as fs from "fs";
import * as path from "path";
import { DefinitionError } from "docker-iac";
import { CliError, defineCommand, EXIT, UsageError } from "../command";
import { defaultComposeFiles } from "./compose-files";
import { ComposeValueError } from "./compose-values";
import { importCompose } from "./import-compose";
import { ComposeError } from "./load-compose";

export const IMPORT = defineCommand({
  name: "import",
  summary: "turn compose files into a DockerStack module you then own",
  synopsis:
    "[compose file...] [--class <Name>] [--out <file.ts>] [--profile <name>]... [--secret <VAR>]... [--defaults compose|hardened]",
  description: [
    "Reads the compose files as `docker compose -f a -f b config` does (interpolation, include,",
    "extends, merge, !reset and !override) and writes a readable TypeScript module that imports",
    '"docker-iac". Values from .env and the environment are read at synth, not written; secrets',
    "(names with PASSWORD, SECRET, TOKEN, KEY, or --secret) become sensitive Terraform variables",
    "given at deploy as TF_VAR_<NAME>. Keys it cannot map are comments in the code and one",
    "warning per kind on stderr. Without a compose file it takes what docker compose would:",
    "COMPOSE_FILE, else compose.yaml (or docker-compose.yml...) here or above, with its override.",
    "See docs/compose.md.",
  ].join("\n"),
  options: {
    class: { type: "string" },
    out: { type: "string" },
    profile: { type: "string", multiple: true },
    secret: { type: "string", multiple: true },
    defaults: { type: "string" },
  },
  help: {
    class:
      "the exported class name; default: the Compose project name in PascalCase + Stack (folder shop -> ShopStack)",
    out: "the .ts file to write; default: <project name>-stack.ts in the working folder (never over an existing file)",
    profile: "a Compose profile active by default, as docker compose --profile (repeatable); default: COMPOSE_PROFILES",
    secret: "a variable whose value is a secret, besides the names that say so (repeatable)",
    defaults: "the library's defaults profile of the stack: compose (Docker's own, the default) or hardened",
  },
  inProject: false,
  positionals: [0, undefined],
  run({ values, positionals }) {
    if (values.class !== undefined && !/^[A-Z][A-Za-z0-9_]*$/.test(values.class)) {
      throw new UsageError(`--class '${values.class}' is not a class name (a capital letter, then letters, digits, _)`);
    }
    if (values.out !== undefined && !values.out.endsWith(".ts"))
      throw new UsageError(`--out '${values.out}' must be a .ts file`);
    const defaults = values.defaults ?? "compose";
    if (defaults !== "compose" && defaults !== "hardened")
      throw new UsageError(`--defaults '${defaults}': use compose or hardened`);
    for (const s of values.secret ?? [])
      if (!/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(s)) throw new UsageError(`--secret '${s}' is not a variable name`);
    try {
      return write({
        files: positionals.length ? positionals : defaultComposeFiles(),
        className: values.class,
        outFile: values.out,
        defaults,
        profiles: values.profile,
        secrets: values.secret,
      });
    } catch (err) {
      // What Compose refuses, and what the library refuses, is one line; anything else is a bug.
      if (err instanceof ComposeError || err instanceof ComposeValueError) throw new CliError(err.message);
      if (err instanceof DefinitionError) throw new CliError(err.message.split("\n")[0]);
      throw err;
    }
  },
});

function write(options: Parameters<typeof importCompose>[0]): number {
  const result = importCompose(options);
  // `--profile hardened` meant the defaults profile before --defaults existed.
  const declared = new Set(result.declaredProfiles);
  for (const p of options.profiles ?? []) {
    if (declared.has(p)) continue;
    if (p === "hardened" || p === "compose")
      throw new UsageError(
        `--profile ${p}: no service has the Compose profile '${p}'; the library's defaults profile is now --defaults ${p}`,
      );
    result.warnings.push(
      `warning: --profile ${p}: no service has this profile${declared.size ? ` (the file's profiles: ${[...declared].join(", ")})` : ""}`,
    );
  }
  const shown = path.relative(process.cwd(), result.outFile) || result.outFile;
  try {
    fs.mkdirSync(path.dirname(path.resolve(result.outFile)), { recursive: true });
    fs.writeFileSync(result.outFile, result.code);
  } catch (err) {
    throw new CliError(
      `cannot write --out '${result.outFile}' (${(err as NodeJS.ErrnoException).code ?? String(err)}): give a .ts path in a folder you can write`,
    );
  }
  for (const w of result.warnings) process.stderr.write(`${w}\n`);
  const { mapped, changed, commented } = result.summary;
  process.stdout.write(
    `wrote ${shown}: class ${result.className}, ${mapped} of ${mapped + changed + commented} key uses mapped, ${commented} commented, ${changed} changed (mapped with another meaning, e.g. ports on 127.0.0.1 where Compose uses 0.0.0.0)\n`,
  );
  if (result.secrets.length) {
    // The values stay where they are (.env, the shell); Terraform reads them at deploy.
    process.stdout.write(
      `secrets, given at deploy (never written): ${result.secrets.map((s) => `TF_VAR_${s.name}${s.required ? "" : " (optional: the compose file's default)"}`).join(", ")}\n`,
    );
  }
  return EXIT.ok;
}
