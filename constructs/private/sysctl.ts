import type { IConstruct } from "constructs";
import { ErrorCode } from "../error-code";
import { invalid } from "../errors";

// Docker's rule (moby opts.ValidateSysctl): only namespaced kernel parameters, because a
// container's sysctls must not change the host. IPC ones need a private IPC namespace and
// net.* a private network namespace.
const IPC_SYSCTLS = [
  "kernel.msgmax",
  "kernel.msgmnb",
  "kernel.msgmni",
  "kernel.sem",
  "kernel.shmall",
  "kernel.shmmax",
  "kernel.shmmni",
  "kernel.shm_rmid_forced",
];
const NAMESPACED_PREFIXES = ["net.", "fs.mqueue."];

/** Throws on a sysctl Docker refuses, or one that cannot apply in the container's network mode. */
export function checkSysctls(scope: IConstruct, sysctls: Readonly<Record<string, string>>, networkMode: string): void {
  for (const [name, value] of Object.entries(sysctls)) {
    const key = name.replace(/\//g, ".");
    const namespaced =
      IPC_SYSCTLS.includes(key) || NAMESPACED_PREFIXES.some((p) => key.startsWith(p) && key.length > p.length);
    if (!namespaced) {
      throw invalid(
        scope,
        ErrorCode.SYSCTL_NOT_NAMESPACED,
        `sysctl '${name}' is not namespaced: Docker refuses it because it would change the host`,
        `use kernel IPC parameters (${IPC_SYSCTLS.join(", ")}), net.* or fs.mqueue.*; set host-wide ones on the host`,
      );
    }
    if (key.startsWith("net.") && networkMode === "host") {
      throw invalid(
        scope,
        ErrorCode.NETWORK_MODE_CONFLICT,
        `sysctl '${name}' on a container in network mode host`,
        "drop it: net.* sysctls would change the host's network namespace",
      );
    }
    if (value === "" || /[\0\n]/.test(value)) {
      throw invalid(
        scope,
        ErrorCode.INVALID_SYSCTL_VALUE,
        `sysctl '${name}' has the empty or multi-line value ${JSON.stringify(value)}`,
        'give the value as sysctl(8) would write it, e.g. "1"',
      );
    }
  }
}
