// `npm run bench [-- --runs N] [-- --only synth,unit,deploy,scale,upgrade,watch] [-- --clean-only]`
//
// Measures the project's hot paths side by side in one run and prints a table (median A,
// median B, ratio A/B, n per row); the same report goes to bench-results/bench-<time>.md.
// Every comparison alternates its two commands run by run (A, B, A, B, ...) so that load
// from other processes hits both sides alike; figures are medians. Targets are printed
// next to the figures and never asserted. See docs/benchmark.md.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deployGroup, sweep } from "./deploy";
import {
  type BenchContext,
  installInterruptHandlers,
  Interrupted,
  medianMs,
  medianRssMiB,
  REPO_ROOT,
  type Row,
  seconds,
} from "./harness";
import { scaleGroup } from "./scale";
import { synthGroup } from "./synth";
import { todoGroup } from "./todo";
import { unitGroup } from "./unit";
import { upgradeGroup } from "./upgrade";
import { watchGroup } from "./watch";
import { readToolchainEnv, toolchainEnvFile } from "../dev/toolchain-env";

const GROUPS = ["synth", "unit", "deploy", "scale", "todo", "upgrade", "watch"] as const;
type Group = (typeof GROUPS)[number];
/** Groups that run only when --only names them: watch keeps a deploy loop running for minutes. */
const OPT_IN: readonly Group[] = ["watch"];

interface Options {
  runs: number;
  only: Group[];
  cleanOnly: boolean;
}

const USAGE = `usage: npm run bench -- [--runs N] [--only ${GROUPS.join(",")}] [--clean-only]
  --runs N       runs per side of each row (default 5, at least 1)
  --only LIST    row groups to run, comma-separated or repeated (default: all but ${OPT_IN.join(", ")})
  --clean-only   remove what an interrupted bench left on the Docker engine, then exit`;

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 5, only: [], cleanOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === "--runs" || arg.startsWith("--runs=")) {
      options.runs = Number(value());
      if (!Number.isInteger(options.runs) || options.runs < 1) fail("--runs takes a whole number of at least 1");
    } else if (arg === "--only" || arg.startsWith("--only=")) {
      for (const name of value()
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)) {
        if (!(GROUPS as readonly string[]).includes(name))
          fail(`unknown row group '${name}' (known: ${GROUPS.join(", ")})`);
        options.only.push(name as Group);
      }
    } else if (arg === "--clean-only") {
      options.cleanOnly = true;
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else {
      fail(`unknown argument '${arg}'`);
    }
  }
  if (options.only.length === 0) options.only = GROUPS.filter((g) => !OPT_IN.includes(g));
  return options;
}

function fail(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

/**
 * Loads the toolchain env file (TF_CLI_CONFIG_FILE, CDKTF_CONTEXT_JSON, ...) when it was not
 * sourced, with the same effect as `. ~/.cache/docker-iac/env` (its values win).
 */
function loadToolchainEnv(log: (m: string) => void): void {
  if (process.env.CDKTF_CONTEXT_JSON !== undefined) return;
  const vars = readToolchainEnv();
  if (!vars) {
    log(
      `warning: ${toolchainEnvFile()} not found and the toolchain env is not set; deploy rows need it (bash tools/dev/toolchain.sh)`,
    );
    return;
  }
  Object.assign(process.env, vars);
  log(`loaded the toolchain env from ${toolchainEnvFile()}`);
}

function quiet(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 20000 })
      .trim()
      .split("\n")[0];
  } catch {
    return "unavailable";
  }
}

function environment(): string[] {
  const head = quiet("git", ["-C", REPO_ROOT, "rev-parse", "--short", "HEAD"]);
  const dirty = quiet("git", ["-C", REPO_ROOT, "status", "--porcelain"]) === "" ? "" : " + uncommitted changes";
  return [
    `- machine: ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`,
    `- node ${process.version}; ${quiet(process.env.TERRAFORM_BINARY_NAME ?? "terraform", ["version"])}; ` +
      `Docker ${quiet("docker", ["version", "--format", "{{.Server.Version}}"])}; ${quiet("docker-compose", ["version", "--short"])} (docker-compose)`,
    `- git ${head}${dirty}`,
  ];
}

function load(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

// ---------------------------------------------------------------------- report

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function renderTable(rows: Row[]): string[] {
  const lines = [
    "| # | Row | A | median A | B | median B | A/B | n | Target | Result |",
    "|---:|---|---|---:|---|---:|---:|---:|---|---|",
  ];
  rows.forEach((row, i) => {
    const a = medianMs(row.a);
    const b = row.b ? medianMs(row.b) : NaN;
    const n = row.b ? `${row.a.samples.length}+${row.b.samples.length}` : `${row.a.samples.length}`;
    lines.push(
      `| ${i + 1} | ${cell(`${row.group}: ${row.title}`)} | ${cell(row.a.label)} | ${seconds(a)} | ${cell(row.b?.label ?? "–")} | ` +
        `${row.b ? seconds(b) : "–"} | ${row.b && b !== 0 ? (a / b).toFixed(2) : "–"} | ${n} | ${cell(row.target ?? "")} | ${cell(row.verdict ?? "")} |`,
    );
  });
  return lines;
}

function renderNotes(rows: Row[]): string[] {
  const lines: string[] = [];
  rows.forEach((row, i) => {
    const failures = [...row.a.samples, ...(row.b?.samples ?? [])].filter((s) => s.code !== 0).length;
    const rss = [medianRssMiB(row.a), row.b ? medianRssMiB(row.b) : undefined];
    const extra = [
      ...row.notes,
      rss[0] !== undefined && row.group === "synth"
        ? `peak RSS A ${rss[0].toFixed(0)} MiB${rss[1] !== undefined ? `, B ${rss[1].toFixed(0)} MiB` : ""}`
        : "",
      failures ? `${failures} run(s) exited non-zero` : "",
    ].filter(Boolean);
    lines.push(
      `${i + 1}. A: \`${row.a.command}\`${row.b ? `<br>B: \`${row.b.command}\`` : ""}${extra.length ? `<br>${extra.join("<br>")}` : ""}`,
    );
  });
  return lines;
}

// ---------------------------------------------------------------------- main

async function main(): Promise<number> {
  const started = Date.now();
  const log = (m: string) =>
    process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);
  const options = parseArgs(process.argv.slice(2));
  installInterruptHandlers(log);
  loadToolchainEnv(log);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-bench-"));
  const tmpdir = path.join(tmp, "tmpdir");
  fs.mkdirSync(tmpdir);
  // Children write their own temp files (staged build contexts, ...) inside the bench's folder.
  const ctx: BenchContext = {
    runs: options.runs,
    tmp,
    env: { ...process.env, TMPDIR: tmpdir, CHECKPOINT_DISABLE: "1" },
    log,
  };
  const resultsDir = path.join(REPO_ROOT, "bench-results");
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");

  const rows: Row[] = [];
  const sections: string[] = [];
  const failures: string[] = [];
  const loadBefore = load();
  try {
    if (options.cleanOnly) {
      const removed = await sweep(ctx);
      log(removed.length ? "clean-up done" : "nothing of the bench's was left on the engine");
      return 0;
    }
    fs.mkdirSync(resultsDir, { recursive: true });
    log(`runs per side: ${options.runs}; groups: ${options.only.join(", ")}; temp: ${tmp}`);
    for (const group of options.only) {
      try {
        if (group === "synth") rows.push(...(await synthGroup(ctx)));
        else if (group === "unit") rows.push(...(await unitGroup(ctx)));
        else if (group === "deploy") rows.push(...(await deployGroup(ctx)));
        else if (group === "todo") rows.push(...(await todoGroup(ctx)));
        else if (group === "upgrade") rows.push(...(await upgradeGroup(ctx)));
        else if (group === "watch") rows.push(...(await watchGroup(ctx)));
        else {
          const result = await scaleGroup(ctx);
          rows.push(...result.rows);
          sections.push(...result.sections);
        }
      } catch (err) {
        if (err instanceof Interrupted) throw err;
        const message = (err as Error).message;
        failures.push(`${group}: ${message}`);
        log(`group ${group} FAILED: ${message}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const report = [
    `# docker-iac benchmark, ${new Date().toISOString()}`,
    "",
    ...environment(),
    `- load average (1/5/15 min) at start ${loadBefore}, at end ${load()}; ${options.runs} run(s) per side, A and B alternated run by run; figures are medians; ratio = A/B`,
    `- groups: ${options.only.join(", ")}; bench wall time ${((Date.now() - started) / 1000).toFixed(0)} s`,
    "",
    ...renderTable(rows),
    "",
    "Commands and notes per row:",
    "",
    ...renderNotes(rows),
    "",
    ...sections,
    ...(failures.length ? ["### Failed groups", "", ...failures.map((f) => `- ${cell(f)}`), ""] : []),
  ].join("\n");
  const file = path.join(resultsDir, `bench-${stamp}.md`);
  fs.writeFileSync(file, report + "\n");
  console.log(report);
  log(`report written to ${path.relative(REPO_ROOT, file)}`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`bench: ${err instanceof Interrupted ? err.message : (err.stack ?? err.message)}`);
    process.exit(err instanceof Interrupted ? 130 : 1);
  },
);
