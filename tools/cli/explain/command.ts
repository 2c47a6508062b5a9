// `npm run explain -- <stack>`: prints the docker commands that build the same thing by hand,
// in the order they must run, each with a one-line comment; read from the stack's synthesized
// Terraform JSON (as `cdktf deploy` would apply it), so it covers any stack.
//   --prefix <p>        explain the stack deployed with context namePrefix <p>: every Docker name
//                       (and the stack label) starts with `<p>-`, so the commands make a second
//                       copy beside the deployed one
//   --port-offset <n>   add n to every published host port (with --prefix: a copy on other ports)
//   --readmes           rewrite the command block of every examples/*/README.md
import * as os from "os";
import * as path from "path";
import * as fs from "fs";
import { parseArgs } from "util";
import { explainStack } from "./explain";
import { loadStacks, LoadedStack } from "./load";
import { findReadmeBlocks, rewriteReadme } from "./readmes";
import { renderSteps } from "./shell";

const REPO = path.join(__dirname, "..", "..", "..");
const EXAMPLES = path.join(REPO, "examples");
export const USAGE = "usage: npm run explain -- <stack> [--prefix <p>] [--port-offset <n>] | --readmes";

/** A wrong command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

/** The printed commands of one stack. */
export function explainText(stack: LoadedStack, portOffset = 0): string {
  return renderSteps(explainStack(stack, { portOffset, home: os.homedir() }));
}

/**
 * Rewrites (or, with check, compares) the explain block of every example README; returns the
 * stale files. READMEs are explained without the shell's context, so they do not depend on it.
 */
export function updateReadmes(check: boolean): string[] {
  const { stacks } = loadStacks({ ignoreEnvironment: true, relativeTo: REPO });
  const stale: string[] = [];
  for (const file of [...new Set(findReadmeBlocks(EXAMPLES).map((b) => b.file))]) {
    const before = fs.readFileSync(file, "utf8");
    const after = rewriteReadme(before, (names) => names.map((name) => explainText(pick(stacks, name))).join("\n"));
    if (after === before) continue;
    stale.push(path.relative(REPO, file));
    if (!check) fs.writeFileSync(file, after);
  }
  return stale;
}

function pick(stacks: LoadedStack[], name: string): LoadedStack {
  const stack = stacks.find((s) => s.name === name);
  if (!stack) throw new Error(`no stack '${name}'. Stacks: ${stacks.map((s) => s.name).join(", ")}`);
  return stack;
}

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { prefix: { type: "string" }, "port-offset": { type: "string" }, readmes: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split("\n")[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.readmes) {
    if (positionals.length || values.prefix !== undefined || values["port-offset"] !== undefined) throw new UsageError("--readmes rewrites every example README: give it alone");
    const rewritten = updateReadmes(false);
    console.log(rewritten.length ? `rewrote ${rewritten.join(", ")}` : "every README is up to date");
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one stack at a time, not ${positionals.join(" ")}` : "name the stack to explain");
  const offsetText = values["port-offset"] ?? "0";
  if (!/^-?\d+$/.test(offsetText)) throw new UsageError(`--port-offset '${offsetText}' is not a whole number`);
  const portOffset = Number(offsetText);
  const context = values.prefix === undefined ? {} : { namePrefix: values.prefix };
  const { stacks, warnings } = loadStacks({ context, relativeTo: process.cwd() });
  warnings.forEach((warning) => process.stderr.write(`warning: ${warning}\n`));
  const stack = pick(stacks, positionals[0]);
  checkPorts(stack, portOffset);
  process.stdout.write(explainText(stack, portOffset));
  return 0;
}

/** Every shifted host port must still be a port: one line naming the first that is not. */
function checkPorts(stack: LoadedStack, offset: number): void {
  const ports = JSON.stringify(stack.config.resource ?? {}).matchAll(/"(?:external|published_port)":(\d+)/g);
  for (const [, port] of ports) {
    const shifted = Number(port) + offset;
    if (shifted < 1 || shifted > 65535) throw new Error(`--port-offset ${offset} moves host port ${port} to ${shifted}, outside 1-65535. Fix: give a smaller offset`);
  }
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${USAGE}`);
      process.exitCode = 2;
    } else {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    }
  }
}
