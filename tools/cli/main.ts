#!/usr/bin/env node
// docker-iac <command> [options]: the command shipped with the package (package.json "bin").
// Each command lives in its own folder (tools/cli/<command>/command.ts); this file only finds
// it, parses its arguments with the one parser (args.ts) and turns errors into one line and an
// exit code (command.ts EXIT, docs/cli.md).
import { COMMON_OPTIONS, parseCommandLine, usageText } from "./args";
import { CliError, type Command, EXIT, UsageError } from "./command";
import { packageVersion } from "./package-version";
import { Project } from "./project";

/** Every command, loaded only when run (a command's dependencies cost nothing to the others). */
const COMMANDS: Record<string, () => Promise<Command>> = {
  // One line per command, in the order `docker-iac --help` lists them.
  init: async () => (await import("./init/command")).INIT,
  import: async () => (await import("./import/command")).IMPORT,
  plan: async () => (await import("./plan/command")).PLAN,
  deploy: async () => (await import("./deploy/command")).DEPLOY,
  destroy: async () => (await import("./destroy/command")).DESTROY,
  ps: async () => (await import("./ps/command")).PS,
  logs: async () => (await import("./logs/command")).LOGS,
  watch: async () => (await import("./watch/command")).WATCH,
  repair: async () => (await import("./repair/command")).REPAIR,
  diagram: async () => (await import("./diagram/command")).DIAGRAM,
  audit: async () => (await import("./audit/command")).AUDIT,
  explain: async () => (await import("./explain/command")).EXPLAIN,
};

async function topLevelHelp(): Promise<string> {
  const rows: string[] = [];
  for (const [name, load] of Object.entries(COMMANDS)) rows.push(`  ${name.padEnd(9)}${(await load()).summary}`);
  return [
    "usage: docker-iac <command> [options]",
    "",
    "Docker as code on CDK for Terraform: deploy, inspect and draw the Docker stacks of a cdktf project.",
    "",
    "commands:",
    ...rows,
    "",
    "`docker-iac <command> --help` shows a command's options. Commands that work on a project take --project <folder>;",
    "by default it works on the nearest folder up from here with a cdktf.json, as git finds its repository.",
    "exit codes: 0 done, 1 failed (one line says why and the fix), 2 wrong options or arguments; see docs/cli.md",
    "",
  ].join("\n");
}

/** Runs one command line; returns the exit code. Exported for tests. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const text = await topLevelHelp();
    if (name === undefined) {
      process.stderr.write(text);
      return EXIT.usage;
    }
    process.stdout.write(text);
    return EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    const near = Object.keys(COMMANDS).find((c) => c.startsWith(name.slice(0, 2)));
    process.stderr.write(
      `docker-iac: unknown command '${name}'${near ? ` (did you mean ${near}?)` : ""}\n\n${await topLevelHelp()}`,
    );
    return EXIT.usage;
  }
  const command = await load();
  try {
    const parsed = parseCommandLine(command, rest);
    if (parsed.help) {
      process.stdout.write(usageText(command));
      return EXIT.ok;
    }
    let project: Project | undefined;
    const values: Record<string, unknown> = { ...parsed.values };
    for (const common of Object.keys(COMMON_OPTIONS)) delete values[common];
    return await command.run({
      values: values as never,
      positionals: parsed.positionals,
      project: () => (project ??= Project.find(parsed.project)),
    });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`docker-iac ${name}: ${err.message}\n\n${usageText(command)}`);
      return EXIT.usage;
    }
    if (err instanceof CliError) {
      if (err.message) process.stderr.write(`docker-iac ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(
      `docker-iac ${name}: internal error, a bug in docker-iac (please report it with the command line): ${err instanceof Error ? err.stack : String(err)}\n`,
    );
    return EXIT.failure;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`docker-iac: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = EXIT.failure;
    },
  );
}
