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
  for (const kind of [["ps", "-a"], ["network", "ls"], ["volume", "ls"]]) {
    const out = docker(...kind, "--filter", `label=${E2E_LABEL}`, "--format", `{{.Label "${E2E_LABEL}"}}`);
    for (const run of out.split("\n").filter(Boolean)) if (!live.has(run)) runs.add(run);
  }
  return [...runs];
}

/** Once per run: check the toolchain (fails on CI), then remove what earlier failed runs left behind. */
export default function globalSetup(): void {
  if (!requireToolchainOrExplain()) return;
  // CI runs the suite once per provider version; each run says which one it used.
  console.log(`\ne2e: deploying with kreuzwerker/docker ${providerVersion()} (DOCKER_IAC_PROVIDER_VERSION), Docker ${docker("version", "-f", "{{.Server.Version}}")}`);
  for (const run of abandonedRuns()) removeLabelled(`${E2E_LABEL}=${run}`);
}
