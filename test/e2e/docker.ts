import { execFileSync } from "child_process";

/** Runs the docker CLI and returns its trimmed stdout. */
export function docker(...args: string[]): string {
  return execFileSync("docker", args, { encoding: "utf8", timeout: 120_000 }).trim();
}

/** Lists IDs of containers, networks or volumes that carry a label (`key` or `key=value`). */
export function labelled(kind: "container" | "network" | "volume", label: string): string[] {
  const command = kind === "container" ? ["ps", "-a"] : [kind, "ls"];
  return docker(...command, "-q", "--filter", `label=${label}`)
    .split("\n")
    .filter(Boolean);
}

/** Force-removes every container, network and volume carrying the label. */
export function removeLabelled(label: string): void {
  const containers = labelled("container", label);
  if (containers.length) docker("rm", "-f", "-v", ...containers);
  const networks = labelled("network", label);
  if (networks.length) docker("network", "rm", ...networks);
  const volumes = labelled("volume", label);
  if (volumes.length) docker("volume", "rm", "-f", ...volumes);
}

/** An inspect field of one object, e.g. `inspect("web", "{{.Image}}")`. */
export function inspect(name: string, format: string): string {
  return docker("inspect", "-f", format, name);
}

/** GET over loopback; returns the body. Retries briefly while the server starts. */
export async function httpGet(url: string, attempts = 80): Promise<string> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return await response.text();
      last = new Error(`${url} answered ${response.status}`);
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${url}: ${String(last)}`);
}

/** Force-removes every container, network and volume of an e2e run, and the images its stacks built. */
export function removeRunObjects(label: string, namePrefix: string): void {
  removeLabelled(label);
  const images = docker(
    "images",
    "--format",
    "{{.Repository}}:{{.Tag}}",
    "--filter",
    `reference=docker-iac/${namePrefix}-*`,
  )
    .split("\n")
    .filter(Boolean);
  if (images.length) docker("rmi", "-f", ...images);
}
