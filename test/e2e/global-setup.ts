import * as fs from "fs";
import * as os from "os";
import { docker, removeLabelled } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { E2E_LABEL, providerVersion } from "./workspace";

/**
 * The run ids whose objects are leftovers: a run that is still going keeps its workspace
 * folder (`docker-iac-e2e-<run>-*` in the temp dir) until its clean-up, so objects of a run
 * without one were left by a run that died. Runs of other suites at the same time are spared.
 */
function abandonedRuns(): string[] {
  const live = new Set(
    fs.readdirSync(os.tmpdir()).map((entry) => /^docker-iac-e2e-([0-9a-f]+)-/.exec(entry)?.[1]).filter(Boolean),
  );
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
