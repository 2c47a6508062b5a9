import { createHash } from "crypto";
import { cacheFolder, homeFolder } from "./cache-folder";
import type { IImage } from "../image";
import { isUnresolved } from "../errors";

/**
 * Attributes the provider changes in place (`docker update`, kreuzwerker/docker 3.6.2
 * resourceDockerContainerUpdate): leaving them out of the name keeps such a change an update,
 * not a replacement.
 */
const UPDATED_IN_PLACE = ["restart", "max_retry_count", "cpu_shares", "memory", "cpu_set", "memory_swap"];

/** Hex digits of the hash in a content-derived name. */
export const CONTENT_NAME_DIGITS = 12;

/**
 * What names the image's content at synth: the reference of an image whose tag is its build
 * inputs' hash (`tagIsContentHash`, an ImmutableImage) or a reference pinned by digest. Undefined for anything else (a mutable
 * tag, a token): a new image under the same reference would need a new container under the
 * same name.
 */
export function imageContentKey(image: IImage, tagIsContentHash: boolean): string | undefined {
  const name = image.imageName;
  if (typeof name !== "string" || isUnresolved(name)) return undefined;
  if (tagIsContentHash) return name;
  return /@sha(256|384|512):[0-9a-f]+$/.test(name) ? name : undefined;
}

/**
 * `<base>-<hash>`: the hash covers the image's content key and every resolved attribute that
 * replaces the container when it changes, so each replacement gets a name of its own and
 * the old container can keep running under its name until the new one is healthy.
 */
export function contentName(base: string, imageKey: string, resolvedAttributes: Record<string, unknown>): string {
  const attributes = machineIndependent(
    Object.fromEntries(
      Object.entries(resolvedAttributes).filter(([k]) => k !== "name" && !UPDATED_IN_PLACE.includes(k)),
    ),
  );
  const digest = createHash("sha256").update(imageKey).update("\0").update(stableJson(attributes)).digest("hex");
  return `${base}-${digest.slice(0, CONTENT_NAME_DIGITS)}`;
}

/** JSON with object keys sorted, so the hash does not depend on the order props were given in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The attributes with this machine's own folders written symbolically: a host path under the
 * docker-iac cache (generated secrets) or under the home folder hashes the same on every
 * machine, so a teammate's plan, the README's commands and CI name a container alike. (Moving
 * the cache between two deploys therefore changes a mount but not the name; the deploy then
 * stops on the name, which `docker rm -f` of the old container clears.)
 */
function machineIndependent(value: unknown): unknown {
  const roots: [string, string][] = [
    [cacheFolder(), "$DOCKER_IAC_CACHE"],
    [homeFolder(), "$HOME"],
  ];
  const rewrite = (v: unknown): unknown => {
    if (typeof v === "string") {
      for (const [root, symbol] of roots)
        if (v === root || v.startsWith(root + "/")) return symbol + v.slice(root.length);
      return v;
    }
    if (Array.isArray(v)) return v.map(rewrite);
    if (v !== null && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x)]));
    return v;
  };
  return rewrite(value);
}
