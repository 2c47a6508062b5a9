// Before Terraform runs: the server images a stack pulls from the local registry (PostgreSQL,
// Redis, nginx, python, built from Debian packages by tools/dev/server-images.sh) are built when
// the stack is first deployed, not by the set-up: a newcomer's first stack needs none of them.
import * as http from "http";

/** A server image a synthesized stack pulls from the local registry by digest. */
export interface LocalServerImage {
  readonly registry: string;
  readonly image: string;
  readonly digest: string;
}

/** The registry tools/dev/server-images.sh runs (loopback only). */
const LOCAL_REGISTRY = "127.0.0.1:5000";
const REFERENCE = /127\.0\.0\.1:5000\/docker-iac\/([a-z0-9][a-z0-9-]*)@(sha256:[0-9a-f]{64})/g;

/** Every local server image the synthesized configurations name, once each. */
export function localServerImages(configJsons: readonly string[]): LocalServerImage[] {
  const found = new Map<string, LocalServerImage>();
  for (const json of configJsons) {
    for (const m of json.matchAll(REFERENCE))
      found.set(`${m[1]}@${m[2]}`, { registry: LOCAL_REGISTRY, image: m[1], digest: m[2] });
  }
  return [...found.values()].sort((a, b) => a.image.localeCompare(b.image));
}

/** Whether the local registry holds the manifest (a registry that does not answer holds nothing). */
export function registryHas(ref: LocalServerImage, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request(
      `http://${ref.registry}/v2/docker-iac/${ref.image}/manifests/${ref.digest}`,
      {
        method: "HEAD",
        timeout: timeoutMs,
        headers: { Accept: "application/vnd.docker.distribution.manifest.v2+json" },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** The images the registry lacks. */
export async function missingServerImages(configJsons: readonly string[]): Promise<LocalServerImage[]> {
  const refs = localServerImages(configJsons);
  const has = await Promise.all(refs.map((r) => registryHas(r)));
  return refs.filter((_, i) => !has[i]);
}

/** One line with the fix, for a user who cannot build them here (not root, or no build script). */
export function missingServerImagesProblem(
  stacks: readonly string[],
  missing: readonly LocalServerImage[],
  why: string,
): string {
  const names = [...new Set(missing.map((m) => m.image))];
  return (
    `[deploy] ${stacks.join(", ")}: pulls docker-iac/${names.join(", docker-iac/")} from the local registry ${LOCAL_REGISTRY}, which does not hold ${missing.length === 1 ? "it" : "them"} (${why}). ` +
    `Fix: build them as root with \`bash tools/dev/server-images.sh build ${names.join(" ")}\` (Debian), or deploy with the official images: CDKTF_CONTEXT_JSON='{"serverImages":"public"}'. Nothing was deployed.`
  );
}
