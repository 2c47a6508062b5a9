// `docker-iac init [dir]`: a new cdktf TypeScript project that uses docker-iac (template.ts),
// as `cdktf init --template typescript` makes one, minus the install: `npm install` is the
// user's next step, and writes the package-lock.json that CI's `npm ci` needs.
import * as fs from "fs";
import * as path from "path";
import { CliError, defineCommand, EXIT, UsageError } from "../command";
import { packageVersion } from "../package-version";
import { projectFiles } from "./template";

/** A package name, stack id and Docker name prefix at once: lowercase letters, digits, dashes. */
const NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** The project name a folder suggests: `My App` -> `my-app`. */
export function nameFromFolder(folder: string): string {
  return path
    .basename(folder)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "")
    .slice(0, 40);
}

/**
 * The dependency spec for docker-iac in the new package.json. A tarball or folder (a path, or
 * `file:` one) is written relative to the project, as `npm install <tarball>` writes it; anything
 * else (a version, a range, a URL) as given.
 */
export function dockerIacSpec(given: string | undefined, projectDir: string, cwd = process.cwd()): string {
  if (given === undefined) {
    const version = packageVersion();
    if (version === "unknown")
      throw new CliError(
        "cannot tell which docker-iac version runs (no package.json above it). Fix: give --docker-iac <version or tarball>",
      );
    return version;
  }
  const local = given.startsWith("file:")
    ? given.slice("file:".length)
    : /^(\.{0,2}\/|~)|\.(tgz|tar\.gz)$/.test(given)
      ? given
      : undefined;
  if (local === undefined) return given;
  const file = path.resolve(cwd, local);
  if (!fs.existsSync(file))
    throw new CliError(
      `--docker-iac '${given}': no such file or folder. Fix: give the tarball \`npm pack\` made, e.g. --docker-iac ./docker-iac-${packageVersion()}.tgz`,
    );
  const relative = path.relative(projectDir, file).split(path.sep).join("/");
  return `file:${relative.startsWith(".") ? relative : `./${relative}`}`;
}

export const INIT = defineCommand({
  name: "init",
  summary: "write a new cdktf TypeScript project that uses docker-iac",
  synopsis: "[dir] [--name <name>] [--docker-iac <spec>] [--force]",
  inProject: false,
  description: [
    "Writes a cdktf TypeScript project into dir (default: the working folder): cdktf.json, package.json with",
    "pinned versions, tsconfig.json, main.ts and web-stack.ts (one DockerStack: a tiny web server built from",
    "web/), a snapshot test, .gitignore and a README. Then: npm install, npx docker-iac deploy.",
    "A folder that has files is refused unless --force, which writes the template's files over the same names",
    "and leaves the others.",
  ].join("\n"),
  options: {
    name: { type: "string" },
    "docker-iac": { type: "string" },
    force: { type: "boolean" },
  },
  help: {
    name: "the package name and the stack's id (lowercase letters, digits, -); default: from the folder's name",
    "docker-iac":
      "what package.json installs docker-iac from: a version, or the tarball `npm pack` made; default: this docker-iac's version",
    force: "write into a folder that has files",
  },
  positionals: [0, 1],
  run({ values, positionals }) {
    const dir = path.resolve(positionals[0] ?? ".");
    const name = values.name ?? nameFromFolder(dir);
    if (!NAME.test(name)) {
      throw new UsageError(
        values.name !== undefined
          ? `--name '${name}': use lowercase letters, digits and -, starting with a letter (at most 40)`
          : `the folder name '${path.basename(dir)}' gives no project name: give --name`,
      );
    }
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory())
      throw new CliError(`${dir} is a file. Fix: give a folder`);
    const present = fs.existsSync(dir) ? fs.readdirSync(dir).filter((entry) => entry !== ".git") : [];
    if (present.length && !values.force) {
      throw new CliError(
        `${dir} is not empty (${present.slice(0, 3).join(", ")}${present.length > 3 ? ", ..." : ""}). Fix: give a new or empty folder, or --force to write the project's files over the same names`,
      );
    }
    const files = projectFiles({ name, dockerIac: dockerIacSpec(values["docker-iac"], dir) });
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    const relative = path.relative(process.cwd(), dir);
    const shown = relative.startsWith("..") ? dir : relative || ".";
    process.stdout.write(
      [
        `wrote ${Object.keys(files).length} files to ${shown}: ${Object.keys(files).join(", ")}`,
        "next:",
        ...(shown === "." ? [] : [`  cd ${/^[\w./-]+$/.test(shown) ? shown : `'${shown}'`}`]),
        "  npm install",
        "  npx docker-iac deploy",
        "",
      ].join("\n"),
    );
    return EXIT.ok;
  },
});
