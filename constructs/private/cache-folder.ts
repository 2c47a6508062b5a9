import * as os from "os";
import * as path from "path";

/** The deploying user's home folder (HOME, as the shell sees it, else the OS account's). */
export function homeFolder(): string {
  return process.env.HOME || os.homedir();
}

/**
 * The machine's docker-iac cache (`DOCKER_IAC_CACHE`, else `~/.cache/docker-iac`): generated
 * secrets live under it. tools/dev/toolchain-env.ts derives the same folder for the tools.
 */
export function cacheFolder(): string {
  return process.env.DOCKER_IAC_CACHE ?? path.join(homeFolder(), ".cache", "docker-iac");
}
