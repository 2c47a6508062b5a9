/**
 * The key table: what each key of a Compose service becomes in the model of the stack.
 * One entry per key; the generator walks a service's keys and calls the entry, or comments
 * the key when the table has none. Entries add props (`s.props`), runtime props (`s.runtime`)
 * and statements after the constructor (`s.after`), and record how the key was handled.
 */
// eslint-disable-next-line no-restricted-imports -- the library's capability rules
import { KNOWN_CAPABILITIES } from "../../../constructs/private/security";
import { composeBool as bool, listOrDict, parseBytes, parseDuration } from "./compose-values";
import type { Generator, ServiceBuild } from "./generate-stack";
import { list, q, record } from "./ts-code";

/* eslint-disable @typescript-eslint/no-explicit-any */

/** One key of one service: the generator, the service being built, the value and its path. */
export interface KeyUseContext {
  readonly g: Generator;
  readonly s: ServiceBuild;
  readonly key: string;
  readonly v: any;
  readonly here: string[];
}

export type KeyHandler = (c: KeyUseContext) => void;

const commandOrEntrypoint: KeyHandler = ({ g, s, key, v, here }) => {
  if (v !== null) s.props.push(`${key}: ${g.words(here, v)},`);
  g.mapped(here);
};

const flag =
  (prop: string, into: "props" | "runtime"): KeyHandler =>
  ({ g, s, v, here }) => {
    s[into].push(`${prop}: ${bool(v)},`);
    g.mapped(here);
  };

const text =
  (prop: string): KeyHandler =>
  ({ g, s, v, here }) => {
    s.props.push(`${prop}: ${g.str(here, v)},`);
    g.mapped(here);
  };

const notExpressible =
  (why: string): KeyHandler =>
  ({ g, s, v, here }) =>
    g.commented(here, v, why, s.props);

export const SERVICE_KEYS: Readonly<Record<string, KeyHandler>> = {
  image: () => undefined, // with build, by Generator.image()
  build: () => undefined,
  container_name: text("containerName"),
  hostname: text("hostname"),
  command: commandOrEntrypoint,
  entrypoint: commandOrEntrypoint,
  user: text("user"),
  working_dir: text("workingDirectory"),
  environment: ({ g, s, v, here }) => g.environment(here, v, s.env),
  env_file: ({ g, s, v, here }) => g.envFiles(here, v, s.envFiles),
  ports: ({ g, s, v, here }) => g.ports(here, v, s.ports),
  expose: ({ g, s, here }) =>
    g.ignored(here, s.props, "expose only documents ports: containers on a network reach each other's ports anyway"),
  labels: ({ g, s, v, here }) => {
    s.props.push(`labels: ${g.strRecord(here, v)},`);
    g.mapped(here);
  },
  restart: ({ g, s, v, here }) => g.restart(here, String(v), s.props),
  depends_on: ({ g, s, v, here }) => g.dependsOn(here, v, s.props),
  healthcheck: ({ g, s, v, here }) => {
    s.healthcheck = g.healthcheck(here, v, s.props);
  },
  networks: ({ g, s, v, here }) => {
    if (s.svc.network_mode !== undefined) g.commented(here, v, "networks together with network_mode", s.props);
    else s.network = g.serviceNetworks(here, v, s.varName, s.after);
  },
  network_mode: ({ g, s, v, here }) => {
    if (v === "host" || v === "none") {
      g.use("Network");
      s.props.push(`network: Network.${v === "host" ? "HOST" : "NONE"},`);
      g.mapped(here);
    } else if (v === "bridge") {
      g.commented(
        here,
        v,
        "Docker's default bridge is refused (no DNS by name); the service joins the stack's own network",
        s.props,
      );
    } else g.commented(here, v, "sharing another container's network namespace is not supported", s.props);
  },
  volumes: ({ g, s, v, here }) => g.mounts(here, v, s.varName, s.after, s.tmpfs),
  tmpfs: ({ g, s, v, here }) => {
    for (const t of (Array.isArray(v) ? v : [v]) as string[]) {
      const colon = t.indexOf(":");
      if (colon < 0) s.tmpfs[t] = "";
      else s.tmpfs[t.slice(0, colon)] = t.slice(colon + 1);
    }
    g.mapped(here);
  },
  read_only: flag("readOnlyRootFilesystem", "props"),
  privileged: flag("privileged", "props"),
  cap_add: ({ g, s, v, here }) => {
    const caps = (v as string[]).map((c) => c.replace(/^CAP_/, ""));
    const unknown = caps.filter((c) => !KNOWN_CAPABILITIES.includes(c));
    if (unknown.length)
      g.commented(
        here,
        v,
        `capabilities ${unknown.join(", ")} cannot be added one by one (ALL is privileged: true)`,
        s.props,
      );
    else {
      s.props.push(`capabilities: ${list(caps)},`);
      g.mapped(here);
    }
  },
  cap_drop: ({ g, s, v, here }) => {
    if ((g.options.defaults ?? "compose") === "hardened")
      g.ignored(here, s.props, "the hardened profile drops ALL capabilities already");
    else {
      s.props.push(`droppedCapabilities: ${list((v as string[]).map((c) => c.replace(/^CAP_/, "")))},`);
      g.mapped(here);
    }
  },
  security_opt: ({ g, s, v, here }) => {
    const opts = v as string[];
    const nnp = opts.filter((o) => /^no-new-privileges(?:[:=]true)?$/.test(o));
    if (nnp.length) s.props.push("allowPrivilegeEscalation: false,");
    const rest = opts.filter((o) => !nnp.includes(o));
    if (rest.length)
      g.commented(
        here,
        rest,
        "only no-new-privileges is expressible (seccomp, apparmor and label options are not)",
        s.props,
      );
    else g.mapped(here);
  },
  mem_limit: ({ g, s, v, here }) => g.memory(here, v, "memoryMiB", s.props),
  memswap_limit: ({ g, s, v, here }) => {
    if (Number(v) === -1) {
      s.props.push("memorySwapMiB: -1,");
      g.mapped(here);
    } else g.memory(here, v, "memorySwapMiB", s.props);
  },
  cpus: ({ g, s, v, here }) => {
    s.props.push(`cpuLimit: ${Number(v)},`);
    g.mapped(here);
  },
  cpu_shares: ({ g, s, v, here }) => {
    s.props.push(`cpuShares: ${Number(v)},`);
    g.mapped(here);
  },
  cpu_quota: ({ g, s, v, here }) => {
    const period = s.svc.cpu_period === undefined ? 100000 : Number(s.svc.cpu_period);
    s.props.push(`cpuLimit: ${Number(v) / period},`);
    if (s.svc.cpu_period !== undefined) s.props.push(`cpuPeriodMicroseconds: ${period},`);
    g.mapped(here);
  },
  cpu_period: ({ g, s, v, here }) => {
    if (s.svc.cpu_quota === undefined) g.commented(here, v, "a CFS period without a quota limits nothing", s.props);
    else g.mapped(here); // with cpu_quota
  },
  ulimits: ({ g, s, v, here }) => {
    s.runtime.push(
      `ulimits: [${Object.entries<any>(v)
        .map(([n, u]) => {
          g.mapped([...here, n]);
          const soft = typeof u === "object" ? Number(u.soft) : Number(u);
          const hard = typeof u === "object" ? Number(u.hard) : Number(u);
          return `{ name: ${q(n)}, soft: ${soft}, hard: ${hard} }`;
        })
        .join(", ")}],`,
    );
  },
  stop_signal: ({ g, s, v, here }) => {
    s.runtime.push(`stopSignal: ${q(v)},`);
    g.mapped(here);
  },
  stop_grace_period: ({ g, s, v, here }) => {
    s.runtime.push(`stopTimeoutSeconds: ${Math.ceil(parseDuration(String(v)))},`);
    g.mapped(here);
  },
  init: flag("init", "runtime"),
  shm_size: ({ g, s, v, here }) => {
    const mib = parseBytes(v) / 1048576;
    s.runtime.push(`shmSizeMiB: ${Math.ceil(mib)},${Number.isInteger(mib) ? "" : ` // ${v} rounded up to whole MiB`}`);
    g.mapped(here);
  },
  extra_hosts: ({ g, s, v, here }) => g.extraHosts(here, v, s.runtime),
  dns: ({ g, s, v, here }) => {
    s.runtime.push(`dns: ${list(Array.isArray(v) ? v : [v])},`);
    g.mapped(here);
  },
  dns_search: ({ g, s, v, here }) => {
    // `dns_search: ""` is Compose's way to say none.
    s.runtime.push(`dnsSearch: ${list((Array.isArray(v) ? v : [v]).filter((d: unknown) => d !== "" && d !== null))},`);
    g.mapped(here);
  },
  dns_opt: ({ g, s, v, here }) => {
    s.runtime.push(`dnsOptions: ${list(v)},`);
    g.mapped(here);
  },
  sysctls: ({ g, s, v, here }) => {
    s.runtime.push(`sysctls: ${record(listOrDict(v) as Record<string, string>)},`);
    g.mapped(here);
  },
  logging: ({ g, s, v, here }) => {
    const opts = Object.fromEntries(
      Object.entries<any>(v.options ?? {})
        .filter(([, o]) => o !== null)
        .map(([o, val]) => [o, String(val)]),
    );
    s.runtime.push(
      `logging: { driver: ${q(v.driver ?? "json-file")}${Object.keys(opts).length ? `, options: ${record(opts)}` : ""} },`,
    );
    g.mapped(here);
  },
  tty: flag("tty", "runtime"),
  stdin_open: flag("stdinOpen", "runtime"),
  devices: ({ g, s, v, here }) => {
    s.runtime.push(
      `devices: [${(v as any[])
        .map((d) => {
          const [hostPath, containerPath, permissions] =
            typeof d === "string" ? d.split(":") : [d.source, d.target, d.permissions];
          return `{ hostPath: ${q(hostPath)}${containerPath ? `, containerPath: ${q(containerPath)}` : ""}${permissions ? `, permissions: ${q(permissions)}` : ""} }`;
        })
        .join(", ")}],`,
    );
    g.mapped(here);
  },
  group_add: ({ g, s, v, here }) => {
    s.runtime.push(`groupAdd: ${list((v as unknown[]).map(String))},`);
    g.mapped(here);
  },
  deploy: ({ g, s, v, here }) => g.deploy(here, v ?? {}, s.props),
  pids_limit: notExpressible("provider 3.6.2 has no pids_limit (CIS 5.28 is reported as unsupported by the audit)"),
  mem_reservation: notExpressible("provider 3.6.2 has no memory reservation"),
  links: notExpressible("links are legacy: every service is reachable by its service name on shared networks"),
  platform: ({ g, s, v, here }) => {
    // `platform: ${DOCKER_PLATFORM:-}` unset is no platform: the engine's own, as here.
    if (v === "" || v === null) g.mapped(here);
    else
      g.commented(
        here,
        v,
        "the platform is the engine's own; pulling or building for another is not expressible",
        s.props,
      );
  },
  profiles: ({ g, here }) => g.mapped(here), // the service is created only when one of them is active
};

/** A key the table does not name: `x-` fields are ignored as Compose ignores them, others commented. */
export const OTHER_KEY: KeyHandler = ({ g, s, key, v, here }) => {
  if (key.startsWith("x-")) g.ignored(here, s.props, "extension field; Compose ignores it");
  else g.commented(here, v, `${key} has no typed prop`, s.props);
};
