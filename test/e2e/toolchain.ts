import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readToolchainEnv } from "../../tools/dev/toolchain-env";

/**
 * Loads the env file `tools/dev/toolchain.sh` writes, when the shell has not sourced it,
 * so `npm test` works right after set-up. Values already in the environment win.
 */
export function loadToolchainEnv(): void {
  for (const [name, value] of Object.entries(readToolchainEnv() ?? {})) {
    // Context goes to cdktf explicitly (E2eWorkspace.context), never through the shell.
    if (name !== "CDKTF_CONTEXT_JSON" && process.env[name] === undefined) process.env[name] = value;
  }
}

/** Whether this machine can run the real-deploy suite, and if not, why. */
export interface ToolchainStatus {
  readonly ok: boolean;
  readonly missing: string[];
}

/**
 * The e2e suite needs a Docker engine, Terraform and the kreuzwerker/docker provider
 * (online, or from the mirror `tools/dev/toolchain.sh` sets up). On CI a gap is a failure;
 * on a laptop the suite is skipped with the reason printed.
 */
export function toolchainStatus(): ToolchainStatus {
  const missing: string[] = [];
  if (!answers("docker", ["info", "--format", "{{.ServerVersion}}"]))
    missing.push("a running Docker engine (`docker info` fails)");
  const terraform = process.env.TERRAFORM_BINARY_NAME ?? "terraform";
  if (!answers(terraform, ["version"])) missing.push(`${terraform} on PATH`);
  const cliConfig = process.env.TF_CLI_CONFIG_FILE;
  if (cliConfig !== undefined && !fs.existsSync(cliConfig)) missing.push(`the Terraform CLI config ${cliConfig}`);
  if (process.env.CI && !cliConfig)
    missing.push("TF_CLI_CONFIG_FILE (source the env file tools/dev/toolchain.sh writes)");
  // The run deploys with DOCKER_IAC_PROVIDER_VERSION: the offline mirror must hold that build.
  const version = process.env.DOCKER_IAC_PROVIDER_VERSION;
  const mirror =
    process.env.DOCKER_IAC_CACHE &&
    path.join(process.env.DOCKER_IAC_CACHE, "provider-mirror", "registry.terraform.io", "kreuzwerker", "docker");
  if (cliConfig && version && mirror && fs.existsSync(mirror) && !fs.existsSync(path.join(mirror, version))) {
    missing.push(
      `kreuzwerker/docker ${version} in ${mirror} (run DOCKER_IAC_PROVIDER_VERSIONS="${version}" bash tools/dev/toolchain.sh)`,
    );
  }
  return { ok: missing.length === 0, missing };
}

function answers(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/** Fails loudly on CI; on a laptop returns false after saying why the suite is skipped. */
export function requireToolchainOrExplain(): boolean {
  loadToolchainEnv();
  const status = toolchainStatus();
  if (status.ok) return true;
  const why = `e2e suite needs: ${status.missing.join("; ")}. Run \`bash tools/dev/toolchain.sh\` and source the env file it prints.`;
  if (process.env.CI) throw new Error(`CI must run the e2e suite, but ${why}`);
  console.warn(`SKIPPING the e2e suite on this developer machine: ${why}`);
  return false;
}
