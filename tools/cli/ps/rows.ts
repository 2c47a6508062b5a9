// One row of `docker-iac ps` per container or Swarm service, from what the Engine API returns
// (pure functions: the unit tests give them recorded API answers). The --json output is an
// array of these objects; docs/cli.md documents every field.
import type { StackTarget } from "./stack-target";

export interface PortRow {
  /** The host address it is published on ("" for Swarm's routing mesh on every address). */
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: string;
}

export interface PsRow {
  readonly name: string;
  readonly stack: string;
  readonly kind: "container" | "service";
  /** The engine's state (created, running, paused, restarting, removing, exited, dead), or "missing". */
  readonly state: string;
  /** healthy, unhealthy, starting, or none (no healthcheck, a service, or missing). */
  readonly health: string;
  readonly image: string;
  readonly ports: PortRow[];
  /** Services: running and desired tasks; null for containers. */
  readonly replicas: { readonly running: number; readonly desired: number } | null;
  /** The engine's ID; null when missing. */
  readonly id: string | null;
}

/** The parts of `GET /containers/{id}/json` read here. */
export interface ContainerInspect {
  readonly Id: string;
  readonly Name: string;
  readonly State: { readonly Status: string; readonly Health?: { readonly Status?: string } };
  readonly Config: { readonly Image: string; readonly Tty?: boolean; readonly Labels?: Record<string, string> | null };
  readonly NetworkSettings?: { readonly Ports?: Record<string, { HostIp: string; HostPort: string }[] | null> | null };
}

/** The parts of `GET /services?status=true` read here. */
export interface ServiceListEntry {
  readonly ID: string;
  readonly Spec: {
    readonly Name: string;
    readonly TaskTemplate?: { readonly ContainerSpec?: { readonly Image?: string } };
  };
  readonly Endpoint?: {
    readonly Ports?: { Protocol?: string; TargetPort?: number; PublishedPort?: number; PublishMode?: string }[];
  };
  readonly ServiceStatus?: { readonly RunningTasks?: number; readonly DesiredTasks?: number };
}

/** Swarm pins images by digest; the tag is what the user wrote. */
const withoutDigest = (image: string) => image.replace(/@sha256:[0-9a-f]{64}$/, "");

/**
 * The image as a user names it: the provider creates containers from the image ID, so the
 * container records `sha256:...`; `imageNames` maps such IDs to the image's first tag.
 */
export function imageName(image: string, imageNames: ReadonlyMap<string, string> = new Map()): string {
  return imageNames.get(image) ?? (image.startsWith("sha256:") ? image.slice(7, 19) : image);
}

export function containerRow(stack: string, c: ContainerInspect, imageNames?: ReadonlyMap<string, string>): PsRow {
  const ports: PortRow[] = [];
  for (const [spec, bindings] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
    const [containerPort, protocol] = spec.split("/");
    for (const b of bindings ?? [])
      ports.push({
        hostIp: b.HostIp,
        hostPort: Number(b.HostPort),
        containerPort: Number(containerPort),
        protocol: protocol ?? "tcp",
      });
  }
  return {
    name: c.Name.replace(/^\//, ""),
    stack,
    kind: "container",
    state: c.State.Status,
    health: c.State.Health?.Status ?? "none",
    image: imageName(c.Config.Image, imageNames),
    ports: sortPorts(ports),
    replicas: null,
    id: c.Id,
  };
}

export function serviceRow(stack: string, s: ServiceListEntry): PsRow {
  const running = s.ServiceStatus?.RunningTasks ?? 0;
  const desired = s.ServiceStatus?.DesiredTasks ?? 0;
  const ports = (s.Endpoint?.Ports ?? [])
    .filter((p) => p.PublishedPort !== undefined)
    .map((p) => ({
      hostIp: "",
      hostPort: p.PublishedPort!,
      containerPort: p.TargetPort ?? 0,
      protocol: p.Protocol ?? "tcp",
    }));
  return {
    name: s.Spec.Name,
    stack,
    kind: "service",
    // Swarm's own words: every desired task runs, or not yet (starting, failing or scaled to 0).
    state:
      desired > 0 && running >= desired
        ? "running"
        : running > 0
          ? "degraded"
          : desired === 0
            ? "scaled-to-zero"
            : "pending",
    health: "none",
    image: withoutDigest(s.Spec.TaskTemplate?.ContainerSpec?.Image ?? ""),
    ports: sortPorts(ports),
    replicas: { running, desired },
    id: s.ID,
  };
}

export function missingRow(stack: string, name: string, kind: PsRow["kind"]): PsRow {
  return { name, stack, kind, state: "missing", health: "none", image: "", ports: [], replicas: null, id: null };
}

/** The rows of one stack: what runs, plus every declared container or service that does not, sorted by name. */
export function stackRows(
  target: StackTarget,
  containers: ContainerInspect[],
  services: ServiceListEntry[],
  imageNames?: ReadonlyMap<string, string>,
): PsRow[] {
  const rows = [
    // A Swarm task's container carries the stack label too; its service is the row.
    ...containers
      .filter((c) => !c.Config.Labels?.["com.docker.swarm.service.id"])
      .map((c) => containerRow(target.stack, c, imageNames)),
    ...services.map((s) => serviceRow(target.stack, s)),
  ];
  const present = new Set(rows.map((r) => `${r.kind}/${r.name}`));
  for (const name of target.containers)
    if (!present.has(`container/${name}`)) rows.push(missingRow(target.stack, name, "container"));
  for (const name of target.services)
    if (!present.has(`service/${name}`)) rows.push(missingRow(target.stack, name, "service"));
  return rows.sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
}

function sortPorts(ports: PortRow[]): PortRow[] {
  return ports.sort(
    (a, b) =>
      a.containerPort - b.containerPort ||
      a.protocol.localeCompare(b.protocol) ||
      a.hostIp.localeCompare(b.hostIp) ||
      a.hostPort - b.hostPort,
  );
}
