// Compares a stack's Terraform state with what the Docker engine holds, the way the
// provider's refresh would, so `npm run deploy` can skip the refresh (the provider waits
// 2 s on every network read) only when the refresh could not have found anything.
// Pure functions: the engine is read elsewhere (live-engine.ts), in one batch.

/** The parts of a Terraform state file (format version 4) this module reads. */
export interface TerraformState {
  readonly version: number;
  readonly serial: number;
  readonly lineage: string;
  readonly resources: readonly StateResource[];
}

export interface StateResource {
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly module?: string;
  readonly instances: readonly StateInstance[];
}

export interface StateInstance {
  readonly index_key?: string | number;
  readonly status?: string;
  readonly deposed?: string;
  readonly attributes?: Record<string, unknown>;
}

/** One object to inspect on the engine. */
export interface LiveRef {
  readonly kind: "container" | "network" | "volume" | "image";
  readonly ref: string;
}

/** An inspect result as the Engine API returns it (only the fields read below are typed). */
export type LiveObject = object;

/** Inspect results by `${kind}:${ref}`; undefined when the engine does not know the object. */
export type LiveObjects = ReadonlyMap<string, LiveObject | undefined>;

type LabelBlock = { label: string; value: string };

/** The docker_container attributes compared (the provider's schema names). */
interface ContainerAttrs {
  id: string;
  name: string;
  image: string;
  must_run?: boolean;
  labels?: LabelBlock[];
  env?: string[];
  ports?: { internal: number; external: number; ip?: string; protocol?: string }[];
  networks_advanced?: { name: string }[];
  network_mode?: string;
  volumes?: { volume_name?: string; host_path?: string; container_path: string; read_only?: boolean }[];
  mounts?: { type: string; source?: string; target: string; read_only?: boolean }[];
  memory?: number;
  memory_swap?: number;
  cpu_shares?: number;
  cpu_set?: string;
  restart?: string;
  max_retry_count?: number;
}

interface NetworkAttrs {
  id: string;
  name: string;
  driver?: string;
  internal?: boolean;
  labels?: LabelBlock[];
  ipam_config?: { subnet?: string }[];
}

interface VolumeAttrs {
  name: string;
  driver?: string;
  labels?: LabelBlock[];
}

interface ImageAttrs {
  id?: string;
  name: string;
  image_id?: string;
}

interface LiveContainer {
  Id?: string;
  Name?: string;
  Image?: string;
  State?: { Running?: boolean; Status?: string };
  Config?: { Labels?: Record<string, string> | null; Env?: string[] | null };
  HostConfig?: {
    PortBindings?: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
    NetworkMode?: string;
    Memory?: number;
    MemorySwap?: number;
    CpuShares?: number;
    CpusetCpus?: string;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
  };
  NetworkSettings?: {
    Networks?: Record<string, { NetworkID?: string }> | null;
    /** The ports Docker really bound: where a binding left the host port to Docker, the one it picked. */
    Ports?: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
  };
  Mounts?: { Type: string; Name?: string; Source?: string; Destination: string; RW: boolean }[] | null;
}

interface LiveImage {
  Id?: string;
  Config?: {
    Labels?: Record<string, string> | null;
    Env?: string[] | null;
    Volumes?: Record<string, unknown> | null;
  } | null;
}

interface LiveNetwork {
  Name?: string;
  Driver?: string;
  Internal?: boolean;
  Labels?: Record<string, string> | null;
  IPAM?: { Config?: { Subnet?: string }[] | null };
}

interface LiveVolume {
  Driver?: string;
  Labels?: Record<string, string> | null;
}

export const liveKey = (r: LiveRef): string => `${r.kind}:${r.ref}`;

/** Something the refresh would have seen: where, and what. */
export interface Finding {
  readonly address: string;
  readonly problem: string;
  /**
   * Drift the provider's refresh does not read back (a container's network attachments, in
   * 3.6.2 and 4.5.0 alike), so a plain apply would leave it: the deploy replaces the resource.
   */
  readonly replace?: boolean;
}

/** Marks the container problems that only a replacement heals. */
const REFRESH_BLIND = / networks .*, state says | network mode .*, state says /;

/** The resource types whose every refreshed attribute that can drift is compared below. */
export const CHECKED_TYPES = ["docker_container", "docker_network", "docker_volume", "docker_image"] as const;

interface Instance {
  readonly address: string;
  readonly type: string;
  readonly a: Record<string, unknown>;
}

/**
 * Reasons not to trust the state at all (then the full refresh runs): anything this module
 * does not understand is a reason.
 */
export function stateDoubts(state: TerraformState | undefined): Finding[] {
  if (!state) return [{ address: "(state)", problem: "no state file yet" }];
  if (state.version !== 4)
    return [{ address: "(state)", problem: `state format version ${state.version}, expected 4` }];
  const doubts: Finding[] = [];
  for (const r of state.resources) {
    const address = resourceAddress(r);
    if (r.mode !== "managed") doubts.push({ address, problem: `a ${r.mode} source, read on every plan` });
    else if (!(CHECKED_TYPES as readonly string[]).includes(r.type))
      doubts.push({ address, problem: `resource type ${r.type} is not checked by the fast path` });
    for (const i of r.instances) {
      if (i.status === "tainted") doubts.push({ address, problem: "tainted (will be replaced)" });
      if (i.deposed) doubts.push({ address, problem: "has a deposed object from a failed replace" });
      if (!i.attributes) doubts.push({ address, problem: "instance without attributes" });
    }
  }
  return doubts;
}

function instances(state: TerraformState): Instance[] {
  return state.resources.flatMap((r) =>
    r.instances.map((i) => ({
      address: resourceAddress(r) + (i.index_key === undefined ? "" : `[${JSON.stringify(i.index_key)}]`),
      type: r.type,
      a: i.attributes ?? {},
    })),
  );
}

/** Every engine object the comparison needs, for one batch of inspects. */
export function objectsToRead(state: TerraformState): LiveRef[] {
  const refs = new Map<string, LiveRef>();
  const add = (r: LiveRef) => refs.set(liveKey(r), r);
  for (const { type, a } of instances(state)) {
    if (type === "docker_container") {
      const c = a as unknown as ContainerAttrs;
      add({ kind: "container", ref: c.id });
      add({ kind: "container", ref: c.name }); // a same-name container made by hand
      if (c.image) add({ kind: "image", ref: c.image }); // its labels and env are not drift
    } else if (type === "docker_network") add({ kind: "network", ref: (a as unknown as NetworkAttrs).id });
    else if (type === "docker_volume") add({ kind: "volume", ref: (a as unknown as VolumeAttrs).name });
    else if (type === "docker_image") add({ kind: "image", ref: (a as unknown as ImageAttrs).name });
  }
  return [...refs.values()];
}

/** What the refresh would find: removed, stopped, renamed, reconfigured or replaced objects. */
export function findDrift(state: TerraformState, live: LiveObjects): Finding[] {
  const findings: Finding[] = [];
  for (const i of instances(state)) {
    const problems = driftOf(i, live);
    for (const problem of problems) {
      findings.push(
        i.type === "docker_container" && REFRESH_BLIND.test(problem)
          ? { address: i.address, problem, replace: true }
          : { address: i.address, problem },
      );
    }
  }
  return findings;
}

function driftOf(i: Instance, live: LiveObjects): string[] {
  const get = <T>(kind: LiveRef["kind"], ref: string) => live.get(liveKey({ kind, ref })) as T | undefined;
  switch (i.type) {
    case "docker_container": {
      const a = i.a as unknown as ContainerAttrs;
      const c = get<LiveContainer>("container", a.id);
      const image = get<LiveImage>("image", a.image);
      if (c) return containerDrift(a, c, image);
      const byHand = get<LiveContainer>("container", a.name);
      if (!byHand) return [`container ${a.name} (${short(a.id)}) no longer exists`];
      // Terraform will fail to create it while the hand-made one holds the name.
      return [
        `container ${a.name} (${short(a.id)}) was replaced outside Terraform by ${short(byHand.Id)}; ` +
          `remove that one (docker rm -f ${a.name}) so the deploy can recreate it`,
        ...containerDrift(a, byHand, image).map((p) => `the replacement differs: ${p}`),
      ];
    }
    case "docker_network": {
      const a = i.a as unknown as NetworkAttrs;
      return networkDrift(a, get<LiveNetwork>("network", a.id));
    }
    case "docker_volume": {
      const a = i.a as unknown as VolumeAttrs;
      return volumeDrift(a, get<LiveVolume>("volume", a.name));
    }
    case "docker_image": {
      const a = i.a as unknown as ImageAttrs;
      return imageDrift(a, get<LiveImage>("image", a.name));
    }
    default:
      return [`resource type ${i.type} is not checked`];
  }
}

function containerDrift(a: ContainerAttrs, c: LiveContainer, image: LiveImage | undefined): string[] {
  const out: string[] = [];
  const name = String(c.Name ?? "").replace(/^\//, "");
  if (name !== a.name) out.push(`container ${short(a.id)} is named ${name}, state says ${a.name}`);
  const running = c.State?.Running === true;
  if (a.must_run !== false && !running)
    out.push(`container ${a.name} is ${c.State?.Status ?? "not running"} (must_run)`);
  if (c.Image !== a.image) out.push(`container ${a.name} runs image ${short(c.Image)}, state says ${short(a.image)}`);

  // Labels and env: the state's entries must be there; any other one must come from the image.
  const labels: Record<string, string> = c.Config?.Labels ?? {};
  const imageLabels: Record<string, string> = image?.Config?.Labels ?? {};
  const wantLabels = new Map<string, string>((a.labels ?? []).map((l) => [l.label, l.value]));
  for (const [k, v] of wantLabels)
    if (labels[k] !== v) out.push(`container ${a.name}: label ${k} is ${show(labels[k])}, state says ${show(v)}`);
  for (const [k, v] of Object.entries(labels)) {
    if (!wantLabels.has(k) && imageLabels[k] !== v) out.push(`container ${a.name}: extra label ${k}=${v}`);
  }
  // Env by name (values are not printed: they may be secrets).
  const env = envMap(c.Config?.Env);
  const imageEnv = envMap(image?.Config?.Env);
  const wantEnv = envMap(a.env);
  for (const [k, v] of wantEnv)
    if (env.get(k) !== v) out.push(`container ${a.name}: env ${k} ${env.has(k) ? "changed" : "missing"}`);
  for (const [k, v] of env)
    if (!wantEnv.has(k) && imageEnv.get(k) !== v) out.push(`container ${a.name}: extra env ${k}`);

  // Port forwards.
  const bindings: Record<string, { HostIp: string; HostPort: string }[] | null> = c.HostConfig?.PortBindings ?? {};
  const want = new Set<string>(
    (a.ports ?? []).map((p) => `${p.ip || "0.0.0.0"}:${p.external}->${p.internal}/${p.protocol || "tcp"}`),
  );
  const bound = c.NetworkSettings?.Ports ?? {};
  // A binding with no host port left it to Docker: the state holds the port Docker picked, so compare that one.
  const hostPort = (port: string, b: { HostIp: string; HostPort: string }) =>
    b.HostPort !== "" && b.HostPort !== "0"
      ? b.HostPort
      : ((bound[port] ?? []).find((p) => (p.HostIp || "0.0.0.0") === (b.HostIp || "0.0.0.0"))?.HostPort ??
        "(none bound)");
  const have = new Set<string>(
    Object.entries(bindings).flatMap(([port, list]) =>
      (list ?? []).map((b) => `${b.HostIp || "0.0.0.0"}:${hostPort(port, b)}->${port}`),
    ),
  );
  if (!sameSet(want, have))
    out.push(
      `container ${a.name}: ports ${[...have].sort().join(", ") || "none"}, state says ${[...want].sort().join(", ") || "none"}`,
    );

  // Networks: the attachments, or the mode when there are none (host, none).
  const attached = Object.entries(c.NetworkSettings?.Networks ?? {});
  const wantNets = a.networks_advanced ?? [];
  if (wantNets.length) {
    const haveNames = new Set(attached.map(([n]) => n));
    const haveIds = new Set(attached.map(([, n]) => n.NetworkID));
    const missing = wantNets.filter((n) => !haveNames.has(n.name) && !haveIds.has(n.name)).map((n) => n.name);
    if (missing.length || attached.length !== wantNets.length) {
      out.push(
        `container ${a.name}: networks ${
          attached
            .map(([n]) => n)
            .sort()
            .join(", ") || "none"
        }, state says ${wantNets
          .map((n) => n.name)
          .sort()
          .join(", ")}`,
      );
    }
  } else if (a.network_mode && c.HostConfig?.NetworkMode !== a.network_mode) {
    out.push(`container ${a.name}: network mode ${c.HostConfig?.NetworkMode}, state says ${a.network_mode}`);
  }

  // Mounts: named volumes and bind/tmpfs mounts, by target.
  const mounts = new Set<string>(
    (c.Mounts ?? [])
      .filter((m) => m.Type !== "tmpfs")
      .map((m) => `${m.Type}:${m.Type === "volume" ? m.Name : m.Source}:${m.Destination}:${m.RW ? "rw" : "ro"}`),
  );
  const wantMounts = new Set<string>([
    ...(a.volumes ?? []).map((v) =>
      v.volume_name
        ? `volume:${v.volume_name}:${v.container_path}:${v.read_only ? "ro" : "rw"}`
        : `bind:${v.host_path}:${v.container_path}:${v.read_only ? "ro" : "rw"}`,
    ),
    ...(a.mounts ?? [])
      .filter((m) => m.type !== "tmpfs")
      .map((m) => `${m.type}:${m.source}:${m.target}:${m.read_only ? "ro" : "rw"}`),
  ]);
  // Docker lists a volume the image declares (VOLUME) as an anonymous mount: not ours to compare.
  const declared = new Set(Object.keys(image?.Config?.Volumes ?? {}));
  const liveOwn = new Set(
    [...mounts].filter(
      (m) => !(m.startsWith("volume:") && declared.has(m.split(":")[2]) && !wantMountTarget(wantMounts, m)),
    ),
  );
  if (!sameSet(wantMounts, liveOwn))
    out.push(
      `container ${a.name}: mounts ${[...liveOwn].sort().join(", ") || "none"}, state says ${[...wantMounts].sort().join(", ") || "none"}`,
    );

  // What `docker update` can change on a live container (the provider refreshes all of it).
  const hc = c.HostConfig ?? {};
  const mib = 1024 * 1024;
  if (a.memory !== undefined && (hc.Memory ?? 0) !== a.memory * mib)
    out.push(`container ${a.name}: memory ${(hc.Memory ?? 0) / mib} MiB, state says ${a.memory}`);
  if (a.memory_swap !== undefined && a.memory_swap !== 0) {
    const swap = (hc.MemorySwap ?? 0) > 0 ? (hc.MemorySwap ?? 0) / mib : hc.MemorySwap;
    if (swap !== a.memory_swap) out.push(`container ${a.name}: memory_swap ${swap}, state says ${a.memory_swap}`);
  }
  if (a.cpu_shares !== undefined && hc.CpuShares !== a.cpu_shares)
    out.push(`container ${a.name}: cpu_shares ${hc.CpuShares}, state says ${a.cpu_shares}`);
  if (a.cpu_set && hc.CpusetCpus !== a.cpu_set)
    out.push(`container ${a.name}: cpu_set ${hc.CpusetCpus}, state says ${a.cpu_set}`);
  if (a.restart !== undefined && (hc.RestartPolicy?.Name || "no") !== a.restart)
    out.push(`container ${a.name}: restart ${hc.RestartPolicy?.Name}, state says ${a.restart}`);
  if (a.max_retry_count !== undefined && (hc.RestartPolicy?.MaximumRetryCount ?? 0) !== a.max_retry_count) {
    out.push(
      `container ${a.name}: max_retry_count ${hc.RestartPolicy?.MaximumRetryCount}, state says ${a.max_retry_count}`,
    );
  }
  return out;
}

function wantMountTarget(want: Set<string>, mount: string): boolean {
  const target = mount.split(":")[2];
  return [...want].some((w) => w.split(":")[2] === target);
}

function networkDrift(a: NetworkAttrs, n: LiveNetwork | undefined): string[] {
  if (!n) return [`network ${a.name} (${short(a.id)}) no longer exists`];
  const out: string[] = [];
  if (n.Name !== a.name) out.push(`network ${short(a.id)} is named ${n.Name}, state says ${a.name}`);
  if (a.driver && n.Driver !== a.driver) out.push(`network ${a.name}: driver ${n.Driver}, state says ${a.driver}`);
  if (a.internal !== undefined && Boolean(n.Internal) !== Boolean(a.internal))
    out.push(`network ${a.name}: internal ${n.Internal}, state says ${a.internal}`);
  out.push(...labelDrift(`network ${a.name}`, a.labels, n.Labels));
  const subnets = new Set((n.IPAM?.Config ?? []).map((c) => c.Subnet).filter(Boolean));
  for (const c of a.ipam_config ?? [])
    if (c.subnet && !subnets.has(c.subnet)) out.push(`network ${a.name}: subnet ${c.subnet} missing`);
  return out;
}

function volumeDrift(a: VolumeAttrs, v: LiveVolume | undefined): string[] {
  if (!v) return [`volume ${a.name} no longer exists`];
  const out: string[] = [];
  if (a.driver && v.Driver !== a.driver) out.push(`volume ${a.name}: driver ${v.Driver}, state says ${a.driver}`);
  out.push(...labelDrift(`volume ${a.name}`, a.labels, v.Labels));
  return out;
}

function imageDrift(a: ImageAttrs, i: LiveImage | undefined): string[] {
  if (!i) return [`image ${a.name} no longer exists`];
  const want = a.image_id ?? String(a.id ?? "").split(a.name)[0];
  return i.Id === want ? [] : [`image ${a.name} is ${short(i.Id)}, state says ${short(want)}`];
}

/** Networks and volumes carry exactly the labels in state (no image adds any). */
function labelDrift(
  what: string,
  stateLabels: LabelBlock[] | undefined,
  live: Record<string, string> | null | undefined,
): string[] {
  const want = new Map<string, string>((stateLabels ?? []).map((l) => [l.label, l.value]));
  const have = live ?? {};
  const out: string[] = [];
  for (const [k, v] of want)
    if (have[k] !== v) out.push(`${what}: label ${k} is ${show(have[k])}, state says ${show(v)}`);
  for (const k of Object.keys(have)) if (!want.has(k)) out.push(`${what}: extra label ${k}`);
  return out;
}

function resourceAddress(r: StateResource): string {
  return `${r.module ? `${r.module}.` : ""}${r.mode === "data" ? "data." : ""}${r.type}.${r.name}`;
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
const short = (id: unknown) =>
  String(id ?? "?")
    .replace(/^sha256:/, "")
    .slice(0, 12);
const show = (v: unknown) => (v === undefined ? "missing" : JSON.stringify(v));
const envMap = (env: string[] | null | undefined) =>
  new Map((env ?? []).map((e) => [e.split("=")[0], e.slice(e.indexOf("=") + 1)] as const));
