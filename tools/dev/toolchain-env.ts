// Reads the env file `tools/dev/toolchain.sh` writes (`export NAME='value'` lines), for tools
// that run without the shell having sourced it: the e2e suite and the benchmark.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The toolchain's cache folder (DOCKER_IAC_CACHE, default ~/.cache/docker-iac), outside the repository. */
export function toolchainCache(): string {
  return process.env.DOCKER_IAC_CACHE ?? path.join(os.homedir(), ".cache", "docker-iac");
}

/** Where toolchain.sh writes its env file. */
export function toolchainEnvFile(): string {
  return path.join(toolchainCache(), "env");
}

/** The variables the env file exports, or undefined when there is no such file. */
export function readToolchainEnv(): Record<string, string> | undefined {
  const file = toolchainEnvFile();
  if (!fs.existsSync(file)) return undefined;
  const vars: Record<string, string> = {};
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m =
      /^export ([A-Z_][A-Z0-9_]*)='(.*)'$/.exec(line.trim()) ?? /^export ([A-Z_][A-Z0-9_]*)=(\S*)$/.exec(line.trim());
    if (m) vars[m[1]] = m[2].replace(/'\\''/g, "'");
  }
  return vars;
}
