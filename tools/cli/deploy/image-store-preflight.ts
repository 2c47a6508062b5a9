// Before Terraform runs: Docker 29 stores images in containerd by default, and kreuzwerker/docker
// cannot build images there (kreuzwerker/terraform-provider-docker#534): without this check the
// apply fails midway, after the networks and volumes were made, with the provider's build error.
import type { DockerInfo, EngineInfo } from "./engine-info";

/** Whether the engine keeps its images in containerd's snapshotters (`docker info`: driver-type). */
export function usesContainerdImageStore(info: DockerInfo): boolean {
  return (info.DriverStatus ?? []).some(
    ([key, value]) => key === "driver-type" && value.startsWith("io.containerd.snapshotter"),
  );
}

/** The addresses of the images a synthesized stack builds (docker_image with a build block). */
export function builtImages(config: { resource?: Record<string, Record<string, object>> }): string[] {
  return Object.entries(config.resource?.docker_image ?? {})
    .filter(([, image]) => image !== null && "build" in image)
    .map(([name]) => `docker_image.${name}`)
    .sort();
}

/** One line with the fix when the stack builds images on an engine that cannot; undefined otherwise. */
export function imageStoreProblem(
  stack: string,
  config: Parameters<typeof builtImages>[0],
  engine: EngineInfo | undefined,
): string | undefined {
  const images = builtImages(config);
  if (!images.length || !engine || !usesContainerdImageStore(engine.info)) return undefined;
  return (
    `[deploy] ${stack}: the stack builds ${images.length} image(s) (${images.slice(0, 3).join(", ")}${images.length > 3 ? ", ..." : ""}), ` +
    `but the engine at ${engine.address} (Docker ${engine.info.ServerVersion ?? "?"}) stores images in containerd, where kreuzwerker/docker cannot build them (provider issue #534). ` +
    'Fix: turn the containerd image store off (Docker Desktop: Settings > General > "Use containerd for pulling and storing images"; Docker Engine: ' +
    '"features": {"containerd-snapshotter": false} in /etc/docker/daemon.json, then restart Docker), or use Docker 28. Nothing was deployed.'
  );
}
