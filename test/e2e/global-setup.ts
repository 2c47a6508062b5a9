import { removeLabelled } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { E2E_LABEL } from "./workspace";

/** Once per run: check the toolchain (fails on CI), then remove what earlier failed runs left behind. */
export default function globalSetup(): void {
  if (!requireToolchainOrExplain()) return;
  removeLabelled(E2E_LABEL);
}
