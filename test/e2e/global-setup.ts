import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { docker, removeLabelled } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { E2E_LABEL, providerVersion, RUN_OWNER_FILE } from "./workspace";

/** Whether a process with this pid is running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the process named in a run folder's owner file is alive (no file: a dead run). */
function ownerAlive(dir: string): boolean {
  try {
    const owner = Number(fs.readFileSync(path.join(dir, RUN_OWNER_FILE), "utf8").trim());
    return Number.isInteger(owner) && owner > 0 && alive(owner);
  } catch {
    return false;
  }
}

/**
 * The run ids whose objects are leftovers. A run that is still going has a folder
 * `docker-iac-e2e-<run>-*` in the temp dir naming a live process (its owner file); a run
 * without one died before its clean-up (killed, or its machine restarted), and its folder
 * goes too. Runs of other suites at the same time are spared.
 */
function abandonedRuns(): string[] {
  const live = new Set<string>();
  for (const entry of fs.readdirSync(os.tmpdir())) {
    const run = /^docker-iac-e2e-([0-9a-f]+)-/.exec(entry)?.[1];
    if (!run) continue;
    const dir = path.join(os.tmpdir(), entry);
    if (ownerAlive(dir)) live.add(run);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  const runs = new Set<string>();
  for (const kind of [
    ["ps", "-a"],
    ["network", "ls"],
    ["volume", "ls"],
  ]) {
    const out = docker(...kind, "--filter", `label=${E2E_LABEL}`, "--format", `{{.Label "${E2E_LABEL}"}}`);
    for (const run of out.split("\n").filter(Boolean)) if (!live.has(run)) runs.add(run);
  }
  return [...runs];
}

/** The host ports the suite's stacks publish or listen on (each feature has its own block in this range). */
const SUITE_PORTS = { first: 18000, last: 18999 };

/**
 * Containers of this project deployed outside the suite (e.g. the quickstart's `hello`) that hold a
 * host port the suite needs, one line each with the stack to destroy. The suite deploys the same
 * stacks on the same ports, so each would fail later with "port is already allocated".
 */
function portsHeldOutsideTheSuite(): string[] {
  const rows = docker(
    "ps",
    "--filter",
    "label=io.docker-iac.stack",
    "--format",
    `{{.Names}}\t{{.Label "${E2E_LABEL}"}}\t{{.Label "io.docker-iac.stack"}}\t{{.Networks}}\t{{.Ports}}`,
  );
  const held: string[] = [];
  for (const row of rows.split("\n").filter(Boolean)) {
    const [name, e2eRun, stack, networks, ports] = row.split("\t");
    if (e2eRun) continue;
    const inRange = [...(ports ?? "").matchAll(/:(\d+)->/g)]
      .map((m) => Number(m[1]))
      .filter((p) => p >= SUITE_PORTS.first && p <= SUITE_PORTS.last);
    if (inRange.length)
      held.push(`container ${name} (stack ${stack}) holds host port(s) ${[...new Set(inRange)].join(", ")}`);
    else if (networks === "host")
      held.push(
        `container ${name} (stack ${stack}) runs in the host's network, where the suite's host-mode stack listens`,
      );
  }
  return held;
}

/** Once per run: check the toolchain (fails on CI), then remove what earlier failed runs left behind. */
export default function globalSetup(): void {
  if (!requireToolchainOrExplain()) return;
  // CI runs the suite once per provider version; each run says which one it used.
  console.log(
    `\ne2e: deploying with kreuzwerker/docker ${providerVersion()} (DOCKER_IAC_PROVIDER_VERSION), Docker ${docker("version", "-f", "{{.Server.Version}}")}`,
  );
  for (const run of abandonedRuns()) removeLabelled(`${E2E_LABEL}=${run}`);
  const held = portsHeldOutsideTheSuite();
  if (held.length) {
    const stacks = [...new Set(held.map((h) => /\(stack ([^)]+)\)/.exec(h)?.[1]))];
    throw new Error(
      `e2e: stacks deployed outside the suite hold the ports it deploys to:\n  ${held.join("\n  ")}\n` +
        `Fix: destroy them first (${stacks.map((s) => `npx cdktf destroy ${s}`).join("; ")}), then run the suite again.`,
    );
  }
  ensureServerImages();
}

/**
 * The todo, swarm and compose stacks pull the server images from the local registry with plain
 * `cdktf deploy`, which builds nothing: the suite makes sure of them as `npm run deploy` does for
 * one stack. The quickstart builds none, so README step 2 after step 1 needs this. Idempotent:
 * about 3 s when all are built (it starts the registry if it is not running).
 */
function ensureServerImages(): void {
  const script = path.resolve(__dirname, "..", "..", "tools", "dev", "server-images.sh");
  const result = spawnSync("bash", [script, "build"], { encoding: "utf8", timeout: 900_000 });
  if (result.status !== 0) {
    throw new Error(
      `e2e: the suite needs the server images (PostgreSQL, Redis, nginx, python) in the local registry, and building them failed:\n` +
        `${`${result.stdout}${result.stderr}`.trim().split("\n").slice(-12).join("\n")}\nFix: as root, \`bash tools/dev/server-images.sh build\` (or bash tools/dev/toolchain.sh), then run the suite again.`,
    );
  }
  console.log(
    `e2e: ${
      result.stderr
        .trim()
        .split("\n")
        .filter((l) => l.includes("server images ready"))
        .pop() ?? "server images ready"
    }`,
  );
}
