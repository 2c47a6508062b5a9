import * as fs from "fs";
import * as path from "path";
// The importer predicts what the library will refuse (unknown capabilities, sensitive mounts,
// mutable references) to comment those keys instead of writing code that throws: it shares the
// library's own rule tables, which are internal, so these two imports reach past the public API.
// eslint-disable-next-line no-restricted-imports -- the library's capability and mount rules
import { KNOWN_CAPABILITIES, sensitiveMountReason } from "../../../constructs/private/security";
// eslint-disable-next-line no-restricted-imports -- the library's mutable-reference rule
import { isMutable } from "../../../constructs/registry-image";
import { listOrDict, parseBytes, parseDuration, parsePortShort, PortSpec, shellWords } from "./compose-values";
import { ComposeError, LoadedCompose } from "./load-compose";

// Compose's `default` network when the file does not declare one: the stack's own bridge network.
const DEFAULT_NETWORK = "BridgeNetwork.defaultFor(this)";

/** How the importer handled one key of the compose file. */
export type KeyStatus = "mapped" | "commented" | "ignored";

export interface KeyUse {
  /** The key's path with names replaced by `*`, e.g. `services.*.ports`. */
  readonly key: string;
  /** The concrete path, e.g. `services.web.ports`. */
  readonly path: string;
  readonly status: KeyStatus;
}

export interface ImportOptions {
  /** The exported class name. */
  readonly className: string;
  /** Where the module will be written (paths to the compose folder are relative to it). */
  readonly outFile: string;
  /** @default "compose" */
  readonly profile?: "compose" | "hardened";
}

export interface ImportResult {
  /** The TypeScript module. */
  readonly code: string;
  /** One line per key that could not be mapped, and per interpolation warning. */
  readonly warnings: string[];
  readonly uses: KeyUse[];
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

const RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export",
  "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null", "return", "super",
  "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "let", "static", "yield", "await",
  "implements", "interface", "package", "private", "protected", "public", "path", "composeDir", "scope", "id", "props",
]);
const STACK_CHILD_IDS = new Set(["DockerHost", "DefaultNetwork", "DockerProvider"]);
/** What generated modules import the library as. */
const PACKAGE_NAME = "docker-iac";

const q = (s: string) => JSON.stringify(s);
const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : q(k));
const pascal = (name: string) => {
  const p = name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  return /^[0-9]/.test(p) ? `S${p}` : p || "Service";
};
const camel = (id: string) => id[0].toLowerCase() + id.slice(1);
const brief = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return (s.length > 160 ? `${s.slice(0, 157)}...` : s).replace(/\*\//g, "* /").replace(/\n/g, " ");
};

/** What a service becomes: props lines and statements after the constructor. */
interface ServicePlan {
  readonly name: string;
  readonly id: string;
  readonly varName: string;
  readonly props: string[];
  readonly after: string[];
}

/** Translates a loaded compose file into a DockerStack module using only the public API. */
export function generateStack(loaded: LoadedCompose, options: ImportOptions): ImportResult {
  return new Generator(loaded, options).run();
}

class Generator {
  private readonly uses: KeyUse[] = [];
  private readonly warnings: string[] = [];
  private readonly symbols = new Set<string>(["DockerStack", "DockerStackProps", "Construct", "DefaultsProfile"]);
  private readonly ids = new Set<string>(STACK_CHILD_IDS);
  private readonly vars = new Set<string>(RESERVED);
  private readonly header: string[] = [];
  private readonly body: string[] = [];
  private readonly doc: Doc;
  private readonly networkVars = new Map<string, string>();
  private readonly volumeVars = new Map<string, string>();
  private readonly imageVars = new Map<string, string>();
  private readonly serviceVars = new Map<string, string>();
  private readonly depended = new Map<string, Set<string>>();
  private needsPath = false;
  private needsFs = false;

  constructor(private readonly loaded: LoadedCompose, private readonly options: ImportOptions) {
    this.doc = loaded.doc;
  }

  run(): ImportResult {
    this.warnings.push(...this.loaded.warnings.map((w) => `warning: ${w}`));
    const services: Doc = this.doc.services ?? {};
    const order = this.serviceOrder(services);
    this.topLevel();
    const usedNetworks = new Set<string>();
    for (const svc of Object.values<Doc>(services)) {
      if (svc.network_mode === undefined) for (const n of this.serviceNetworkNames(svc)) usedNetworks.add(n);
    }
    this.networks(usedNetworks);
    this.volumes();
    for (const name of order) this.service(name, services[name]);
    // The class is declared next to the module's imports: a name they use would not compile.
    const taken = [...this.symbols, "fs", "path", "composeDir"].find((s) => s === this.options.className);
    if (taken !== undefined) {
      throw new ComposeError(`--class '${taken}' is a name the generated module imports or declares. Fix: pick another class name, e.g. ${taken}App`);
    }
    return { code: this.module(), warnings: this.warnings, uses: this.uses };
  }

  // ---- bookkeeping -------------------------------------------------------------------------

  /** The key with names (services, networks, volumes, variables...) and list indexes as `*`. */
  private generic(at: string[]): string {
    const named = ["services", "networks", "volumes", "depends_on", "ulimits", "environment", "extra_hosts", "secrets", "configs"];
    return at.map((p, i) => (i > 0 && named.includes(at[i - 1])) || /^\d+$/.test(p) ? "*" : p).join(".");
  }

  private mapped(at: string[]): void {
    this.uses.push({ key: this.generic(at), path: at.join("."), status: "mapped" });
  }

  private ignored(at: string[], lines: string[], why: string): void {
    this.uses.push({ key: this.generic(at), path: at.join("."), status: "ignored" });
    lines.push(`// ${at.join(".")}: ${why}`);
  }

  /** A key the typed API cannot express: a comment where it would go and a warning on stderr. */
  private commented(at: string[], value: unknown, why: string, lines: string[]): void {
    this.uses.push({ key: this.generic(at), path: at.join("."), status: "commented" });
    lines.push(`// NOT MAPPED ${at.join(".")} = ${brief(value)}`);
    lines.push(`//   ${why}`);
    this.warnings.push(`warning: ${at.join(".")} is not mapped: ${why}`);
  }

  private uniqueId(base: string): string {
    let id = base;
    for (let i = 2; this.ids.has(id); i++) id = `${base}${i}`;
    this.ids.add(id);
    return id;
  }

  private uniqueVar(base: string): string {
    let v = base;
    for (let i = 2; this.vars.has(v); i++) v = `${base}${i}`;
    this.vars.add(v);
    return v;
  }

  private use(...names: string[]): void {
    names.forEach((n) => this.symbols.add(n));
  }

  private composePath(p: string): string {
    if (path.isAbsolute(p)) return q(p);
    this.needsPath = true;
    const rel = path.posix.normalize(p.split(path.sep).join("/"));
    return rel === "." || rel === "./" ? "composeDir" : `path.join(composeDir, ${q(rel)})`;
  }

  // ---- top level ---------------------------------------------------------------------------

  private topLevel(): void {
    for (const [k, v] of Object.entries(this.doc)) {
      if (k === "services" || k === "networks" || k === "volumes") continue;
      if (k === "version") this.ignored([k], this.header, "obsolete; Compose ignores it too");
      else if (k.startsWith("x-")) this.ignored([k], this.header, "extension field; Compose ignores it (its anchors were expanded)");
      else if (k === "name") this.mapped([k]);
      else this.commented([k], v, k === "secrets" || k === "configs"
        ? "secrets and configs have no construct: bind-mount the file read-only with mountHostPath instead"
        : `top-level ${k} is not supported by the importer`, this.header);
    }
  }

  private serviceNetworkNames(svc: Doc): string[] {
    if (svc.networks === undefined) return ["default"];
    return Array.isArray(svc.networks) ? svc.networks : Object.keys(svc.networks);
  }

  private networks(used: Set<string>): void {
    const declared: Doc = this.doc.networks ?? {};
    for (const name of Object.keys(declared)) {
      if (!used.has(name)) {
        for (const k of Object.keys(declared[name] ?? {})) this.uses.push({ key: this.generic(["networks", name, k]), path: `networks.${name}.${k}`, status: "ignored" });
        this.body.push(`// networks.${name}: no service uses it, so Compose does not create it either.`);
      }
    }
    for (const name of used) {
      if (name === "default" && !declared.default) {
        this.networkVars.set(name, DEFAULT_NETWORK);
        continue;
      }
      if (!(name in declared)) throw new ComposeError(`a service uses network '${name}', which networks: does not declare`);
      const net: Doc = declared[name] ?? {};
      const props: string[] = [];
      const at = ["networks", name];
      let external: string | undefined;
      for (const [k, v] of Object.entries(net)) {
        const here = [...at, k];
        switch (k) {
          case "driver":
            if (v === "bridge") this.mapped(here);
            else this.commented(here, v, "only bridge networks are supported; this one is created as a bridge network", props);
            break;
          case "internal":
            props.push(`internal: ${v === true || v === "true"},`);
            this.mapped(here);
            break;
          case "name":
            props.push(`networkName: ${q(String(v))},`);
            this.mapped(here);
            break;
          case "external":
            if (v === true || v === "true" || typeof v === "object") {
              external = typeof v === "object" && v.name ? v.name : net.name ?? name;
              this.mapped(here);
            } else this.mapped(here);
            break;
          case "enable_ipv6":
            if (v === false || v === "false") this.mapped(here);
            else this.commented(here, v, "IPv6 networks are not supported by BridgeNetwork", props);
            break;
          case "labels":
            props.push(`labels: ${record(listOrDict(v))},`);
            this.mapped(here);
            break;
          case "ipam": {
            const configs: Doc[] = v?.config ?? [];
            const v4 = configs.find((c) => typeof c.subnet === "string" && !c.subnet.includes(":"));
            if (v4) {
              props.push(`subnet: ${q(v4.subnet)},`);
              if (v4.gateway) props.push(`gateway: ${q(v4.gateway)},`);
            }
            const rest = configs.filter((c) => c !== v4);
            if (v?.driver || v?.options || rest.length || (v4 && (v4.ip_range || v4.aux_addresses))) {
              this.commented(here, v, "only one IPv4 subnet and gateway are supported (no IPAM driver, options, ranges or IPv6)", props);
            } else this.mapped(here);
            break;
          }
          default:
            this.commented(here, v, `network ${k} is not supported by BridgeNetwork`, props);
        }
      }
      const varName = this.uniqueVar(camel(pascal(name)) + "Network");
      if (external !== undefined) {
        this.use("Network");
        this.body.push(...props.filter((l) => l.startsWith("//")));
        this.body.push(`const ${varName} = Network.fromNetworkName(${q(external)}); // external: created outside this stack`);
      } else {
        this.use("BridgeNetwork");
        const id = this.uniqueId(`${pascal(name)}Network`);
        this.body.push(...construct(varName, "BridgeNetwork", id, props));
      }
      this.networkVars.set(name, varName);
    }
  }

  private volumes(): void {
    const declared: Doc = this.doc.volumes ?? {};
    for (const [name, raw] of Object.entries<Doc | null>(declared)) {
      const vol = raw ?? {};
      const at = ["volumes", name];
      const props: string[] = [];
      let external: string | undefined;
      for (const [k, v] of Object.entries(vol)) {
        const here = [...at, k];
        if (k === "driver" && v === "local") this.mapped(here);
        else if (k === "name") {
          props.push(`volumeName: ${q(String(v))},`);
          this.mapped(here);
        } else if (k === "labels") {
          props.push(`labels: ${record(listOrDict(v))},`);
          this.mapped(here);
        } else if (k === "external") {
          if (v === true || v === "true" || typeof v === "object") external = (typeof v === "object" && v.name) || vol.name || name;
          this.mapped(here);
        } else this.commented(here, v, k === "driver" ? "only the local volume driver is supported" : `volume ${k} is not supported by Volume`, props);
      }
      const varName = this.uniqueVar(camel(pascal(name)) + "Volume");
      if (external !== undefined) {
        this.use("Volume");
        this.body.push(...props.filter((l) => l.startsWith("//")));
        this.body.push(`const ${varName} = Volume.fromVolumeName(${q(external)}); // external: created outside this stack`);
      } else {
        this.use("Volume");
        this.body.push(...construct(varName, "Volume", this.uniqueId(`${pascal(name)}Volume`), props));
      }
      this.volumeVars.set(name, varName);
    }
  }

  /** Services in an order where each comes after what it depends on (Compose starts them so). */
  private serviceOrder(services: Doc): string[] {
    const deps = (s: Doc): string[] => (s.depends_on === undefined ? [] : Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on));
    const order: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (name: string, chain: string[]) => {
      if (state.get(name) === "done") return;
      if (state.get(name) === "visiting") throw new ComposeError(`depends_on has a cycle: ${[...chain, name].join(" -> ")}`);
      if (!services[name]) throw new ComposeError(`services.${chain[chain.length - 1]}.depends_on names '${name}', which is not a service`);
      state.set(name, "visiting");
      for (const d of deps(services[name])) visit(d, [...chain, name]);
      state.set(name, "done");
      order.push(name);
    };
    for (const name of Object.keys(services)) visit(name, []);
    for (const [name, s] of Object.entries<Doc>(services)) {
      if (s.depends_on && !Array.isArray(s.depends_on)) {
        for (const [dep, c] of Object.entries<Doc>(s.depends_on)) {
          if (c?.condition === "service_completed_successfully") this.depended.set(dep, new Set([...(this.depended.get(dep) ?? []), name]));
        }
      }
    }
    return order;
  }

  // ---- services ----------------------------------------------------------------------------

  private service(name: string, svc: Doc): void {
    const id = this.uniqueId(pascal(name));
    const varName = this.uniqueVar(camel(id));
    this.serviceVars.set(name, varName);
    const plan: ServicePlan = { name, id, varName, props: [], after: [] };
    const at = (...k: string[]) => ["services", name, ...k];
    const p = plan.props;

    p.push(`image: ${this.image(name, svc)},`);
    if (name.toLowerCase() !== id.toLowerCase() || !/^[a-z0-9][a-z0-9_.-]*$/.test(name)) p.push(`serviceName: ${q(name.toLowerCase())},`);
    const env: string[] = [];
    const envFiles: string[] = [];
    const tmpfs: Record<string, string> = {};
    const ports: string[] = [];
    let network: { lines: string[] } | undefined;
    let healthcheck: string | undefined;
    const runtime: string[] = [];

    for (const [k, v] of Object.entries(svc)) {
      const here = at(k);
      switch (k) {
        case "image":
        case "build":
          break; // handled by image()
        case "container_name":
          p.push(`containerName: ${q(v)},`);
          this.mapped(here);
          break;
        case "hostname":
          p.push(`hostname: ${q(v)},`);
          this.mapped(here);
          break;
        case "command":
        case "entrypoint":
          if (v === null) {
            this.mapped(here);
            break;
          }
          p.push(`${k === "command" ? "command" : "entrypoint"}: ${list(typeof v === "string" ? shellWords(v) : v)},`);
          this.mapped(here);
          break;
        case "user":
          p.push(`user: ${q(v)},`);
          this.mapped(here);
          break;
        case "working_dir":
          p.push(`workingDirectory: ${q(v)},`);
          this.mapped(here);
          break;
        case "environment":
          this.environment(here, v, env);
          break;
        case "env_file":
          this.envFiles(here, v, envFiles);
          break;
        case "ports":
          this.ports(here, v, ports);
          break;
        case "expose":
          this.ignored(here, p, "expose only documents ports: containers on a network reach each other's ports anyway");
          break;
        case "labels":
          p.push(`labels: ${record(listOrDict(v))},`);
          this.mapped(here);
          break;
        case "restart":
          this.restart(here, String(v), p);
          break;
        case "depends_on":
          this.dependsOn(here, v, p);
          break;
        case "healthcheck":
          healthcheck = this.healthcheck(here, v, p);
          break;
        case "networks":
          if (svc.network_mode !== undefined) this.commented(here, v, "networks together with network_mode", p);
          else network = this.serviceNetworks(here, v, varName, plan.after);
          break;
        case "network_mode":
          if (v === "host" || v === "none") {
            this.use("Network");
            p.push(`network: Network.${v === "host" ? "HOST" : "NONE"},`);
            this.mapped(here);
          } else if (v === "bridge") {
            this.commented(here, v, "Docker's default bridge is refused (no DNS by name); the service joins the stack's own network", p);
          } else this.commented(here, v, "sharing another container's network namespace is not supported", p);
          break;
        case "volumes":
          this.mounts(here, v, varName, plan.after, tmpfs);
          break;
        case "tmpfs":
          for (const t of (Array.isArray(v) ? v : [v]) as string[]) {
            const colon = t.indexOf(":");
            if (colon < 0) tmpfs[t] = "";
            else tmpfs[t.slice(0, colon)] = t.slice(colon + 1);
          }
          this.mapped(here);
          break;
        case "read_only":
          p.push(`readOnlyRootFilesystem: ${v === true || v === "true"},`);
          this.mapped(here);
          break;
        case "privileged":
          p.push(`privileged: ${v === true || v === "true"},`);
          this.mapped(here);
          break;
        case "cap_add": {
          const caps = (v as string[]).map((c) => c.replace(/^CAP_/, ""));
          const unknown = caps.filter((c) => !KNOWN_CAPABILITIES.includes(c));
          if (unknown.length) this.commented(here, v, `capabilities ${unknown.join(", ")} cannot be added one by one (ALL is privileged: true)`, p);
          else {
            p.push(`capabilities: ${list(caps)},`);
            this.mapped(here);
          }
          break;
        }
        case "cap_drop":
          if ((this.options.profile ?? "compose") === "hardened") this.ignored(here, p, "the hardened profile drops ALL capabilities already");
          else {
            p.push(`droppedCapabilities: ${list((v as string[]).map((c) => c.replace(/^CAP_/, "")))},`);
            this.mapped(here);
          }
          break;
        case "security_opt": {
          const opts = v as string[];
          const nnp = opts.filter((o) => /^no-new-privileges(?:[:=]true)?$/.test(o));
          if (nnp.length) {
            p.push("allowPrivilegeEscalation: false,");
          }
          const rest = opts.filter((o) => !nnp.includes(o));
          if (rest.length) this.commented(here, rest, "only no-new-privileges is expressible (seccomp, apparmor and label options are not)", p);
          else this.mapped(here);
          break;
        }
        case "mem_limit":
          this.memory(here, v, "memoryMiB", p);
          break;
        case "memswap_limit":
          if (Number(v) === -1) {
            p.push("memorySwapMiB: -1,");
            this.mapped(here);
          } else this.memory(here, v, "memorySwapMiB", p);
          break;
        case "cpus":
          p.push(`cpuLimit: ${Number(v)},`);
          this.mapped(here);
          break;
        case "cpu_shares":
          p.push(`cpuShares: ${Number(v)},`);
          this.mapped(here);
          break;
        case "cpu_quota":
        case "cpu_period":
          if (k === "cpu_quota") {
            const period = svc.cpu_period === undefined ? 100000 : Number(svc.cpu_period);
            p.push(`cpuLimit: ${Number(v) / period},`);
            if (svc.cpu_period !== undefined) p.push(`cpuPeriodMicroseconds: ${period},`);
            this.mapped(here);
          } else if (svc.cpu_quota === undefined) this.commented(here, v, "a CFS period without a quota limits nothing", p);
          else this.mapped(here);
          break;
        case "ulimits":
          runtime.push(`ulimits: [${Object.entries<any>(v).map(([n, u]) => {
            this.mapped([...here, n]);
            const soft = typeof u === "object" ? Number(u.soft) : Number(u);
            const hard = typeof u === "object" ? Number(u.hard) : Number(u);
            return `{ name: ${q(n)}, soft: ${soft}, hard: ${hard} }`;
          }).join(", ")}],`);
          break;
        case "stop_signal":
          runtime.push(`stopSignal: ${q(v)},`);
          this.mapped(here);
          break;
        case "stop_grace_period":
          runtime.push(`stopTimeoutSeconds: ${Math.ceil(parseDuration(String(v)))},`);
          this.mapped(here);
          break;
        case "init":
          runtime.push(`init: ${v === true || v === "true"},`);
          this.mapped(here);
          break;
        case "shm_size": {
          const mib = parseBytes(v) / 1048576;
          runtime.push(`shmSizeMiB: ${Math.ceil(mib)},${Number.isInteger(mib) ? "" : ` // ${v} rounded up to whole MiB`}`);
          this.mapped(here);
          break;
        }
        case "extra_hosts":
          this.extraHosts(here, v, runtime);
          break;
        case "dns":
          runtime.push(`dns: ${list(Array.isArray(v) ? v : [v])},`);
          this.mapped(here);
          break;
        case "dns_search":
          runtime.push(`dnsSearch: ${list(Array.isArray(v) ? v : [v])},`);
          this.mapped(here);
          break;
        case "dns_opt":
          runtime.push(`dnsOptions: ${list(v)},`);
          this.mapped(here);
          break;
        case "sysctls":
          runtime.push(`sysctls: ${record(listOrDict(v) as Record<string, string>)},`);
          this.mapped(here);
          break;
        case "logging": {
          const opts = Object.fromEntries(Object.entries<any>(v.options ?? {}).filter(([, o]) => o !== null).map(([o, val]) => [o, String(val)]));
          runtime.push(`logging: { driver: ${q(v.driver ?? "json-file")}${Object.keys(opts).length ? `, options: ${record(opts)}` : ""} },`);
          this.mapped(here);
          break;
        }
        case "tty":
          runtime.push(`tty: ${v === true || v === "true"},`);
          this.mapped(here);
          break;
        case "stdin_open":
          runtime.push(`stdinOpen: ${v === true || v === "true"},`);
          this.mapped(here);
          break;
        case "devices":
          runtime.push(`devices: [${(v as any[]).map((d) => {
            const [hostPath, containerPath, permissions] = typeof d === "string" ? d.split(":") : [d.source, d.target, d.permissions];
            return `{ hostPath: ${q(hostPath)}${containerPath ? `, containerPath: ${q(containerPath)}` : ""}${permissions ? `, permissions: ${q(permissions)}` : ""} }`;
          }).join(", ")}],`);
          this.mapped(here);
          break;
        case "group_add":
          runtime.push(`groupAdd: ${list((v as unknown[]).map(String))},`);
          this.mapped(here);
          break;
        case "deploy":
          this.deploy(here, v ?? {}, p);
          break;
        case "pids_limit":
          this.commented(here, v, "provider 3.6.2 has no pids_limit (CIS 5.28 is reported as unsupported by the audit)", p);
          break;
        case "mem_reservation":
          this.commented(here, v, "provider 3.6.2 has no memory reservation", p);
          break;
        case "links":
          this.commented(here, v, "links are legacy: every service is reachable by its service name on shared networks", p);
          break;
        default:
          if (k.startsWith("x-")) this.ignored(here, p, "extension field; Compose ignores it");
          else this.commented(here, v, `${k} has no typed prop`, p);
      }
    }
    if (this.depended.has(name)) {
      p.push(`mustRun: false, // a one-shot: ${[...this.depended.get(name)!].join(", ")} wait(s) for it to complete successfully`);
    }
    if (env.length || envFiles.length) p.push("environment: {", ...[...envFiles, ...env].map((l) => `  ${l}`), "},");
    if (Object.keys(tmpfs).length) p.push(`tmpfs: ${record(tmpfs)},`);
    if (ports.length) p.push(...ports);
    if (network) p.push(...network.lines);
    if (healthcheck) p.push(healthcheck);
    p.push(...runtime);
    // Two keys for one prop (mem_limit and deploy.resources.limits.memory, cpus and cpu_quota,
    // restart and deploy.restart_policy): Compose wants them equal; the first one is kept.
    const seen = new Set<string>();
    const props = plan.props.map((l) => {
      const prop = /^([A-Za-z]\w*): /.exec(l)?.[1];
      if (prop === undefined) return l;
      if (seen.has(prop)) return `// ${prop} is set twice in the compose file; the first value is used: ${l}`;
      seen.add(prop);
      return l;
    });
    this.body.push("", ...construct(varName, "Container", id, props), ...plan.after);
    this.use("Container");
  }

  private image(name: string, svc: Doc): string {
    const at = ["services", name];
    if (svc.build !== undefined) {
      const build: Doc = typeof svc.build === "string" ? { context: svc.build } : svc.build;
      const props: string[] = [];
      const context = build.context ?? ".";
      if (/^[a-z]+:\/\/|^git@|\.git(#.*)?$/.test(context)) throw new ComposeError(`services.${name}.build.context '${context}' is a URL; only local build contexts are supported`);
      for (const [k, v] of Object.entries(build)) {
        const here = typeof svc.build === "string" ? [...at, "build"] : [...at, "build", k];
        switch (k) {
          case "context":
            this.mapped(here);
            break;
          case "dockerfile":
            props.push(`dockerfile: ${q(v)},`);
            this.mapped(here);
            break;
          case "args": {
            const args = listOrDict(v);
            const resolved: Record<string, string> = {};
            for (const [a, val] of Object.entries(args)) {
              const value = val ?? this.loaded.environment[a];
              if (value !== undefined) resolved[a] = value;
            }
            props.push(`buildArgs: ${record(resolved)},`);
            this.mapped(here);
            break;
          }
          case "target":
            props.push(`target: ${q(v)},`);
            this.mapped(here);
            break;
          case "labels":
            props.push(`labels: ${record(listOrDict(v) as Record<string, string>)},`);
            this.mapped(here);
            break;
          default:
            this.commented(here, v, `build ${k} is not supported by ImmutableImage`, props);
        }
      }
      if (svc.image !== undefined) {
        const repo = String(svc.image).replace(/@sha256:.*$/, "").replace(/:[\w][\w.-]*$/, "");
        if (/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repo)) {
          props.push(`repository: ${q(repo)}, // compose: image ${svc.image}; the tag is the content hash`);
          this.mapped([...at, "image"]);
        } else this.commented([...at, "image"], svc.image, "the image name cannot be an ImmutableImage repository; the default one is used", props);
      }
      const sig = JSON.stringify({ context: path.resolve(this.loaded.dir, context), props });
      const existing = this.imageVars.get(sig);
      if (existing) return existing;
      this.use("ImmutableImage");
      const varName = this.uniqueVar(`${camel(pascal(name))}Image`);
      this.body.push(...construct(varName, "ImmutableImage", this.uniqueId(`${pascal(name)}Image`), [`context: ${this.composePath(context)},`, ...props]));
      this.imageVars.set(sig, varName);
      return varName;
    }
    if (svc.image === undefined) throw new ComposeError(`services.${name} has neither image nor build`);
    const ref = String(svc.image);
    this.mapped([...at, "image"]);
    const existing = this.imageVars.get(ref);
    if (existing) return existing;
    this.use("RegistryImage");
    const varName = this.uniqueVar(`${camel(pascal(name))}Image`);
    const props = [`reference: ${q(ref)},`];
    if (isMutable(ref)) props.push("allowMutableReference: true, // as in the compose file; pin a version or digest for repeatable deploys");
    this.body.push(...construct(varName, "RegistryImage", this.uniqueId(`${pascal(name)}Image`), props));
    this.imageVars.set(ref, varName);
    return varName;
  }

  private environment(at: string[], v: unknown, env: string[]): void {
    for (const [k, val] of Object.entries(listOrDict(v))) {
      if (val === null) {
        const fromEnv = this.loaded.environment[k];
        if (fromEnv === undefined) {
          this.commented([...at, k], null, `${k} takes its value from the shell at \`docker compose up\`, and it was not set when imported`, env);
          continue;
        }
        env.push(`${key(k)}: ${q(fromEnv)}, // from the environment when imported`);
      } else env.push(`${key(k)}: ${q(val)},`);
    }
    this.mapped(at);
  }

  /** Env files come first: `environment` overrides them, as in Compose. */
  private envFiles(at: string[], v: unknown, env: string[]): void {
    this.use("readEnvFile");
    const files = (Array.isArray(v) ? v : [v]).map((f: any) => (typeof f === "string" ? { path: f } : f));
    files.forEach((f, i) => {
      // As `docker compose config` does: a required env file must exist when the file is loaded.
      const full = path.resolve(this.loaded.dir, String(f.path));
      const stat = fs.statSync(full, { throwIfNoEntry: false });
      const where = [...at, ...(Array.isArray(v) ? [String(i)] : [])].join(".");
      if (f.required !== false && f.required !== "false" && stat === undefined) {
        throw new ComposeError(`${where}: env file '${f.path}' does not exist (resolved to ${full}). Fix: create it, correct the path, or mark it required: false`);
      }
      if (stat !== undefined && !stat.isFile()) {
        throw new ComposeError(`${where}: env file '${f.path}' is ${stat.isDirectory() ? "a folder" : "not a regular file"} (resolved to ${full}). Fix: point env_file at a file of NAME=value lines`);
      }
      const expr = `readEnvFile(${this.composePath(f.path)})`;
      if (f.required === false || f.required === "false") {
        this.needsFs = true;
        env.push(`...(fs.existsSync(${this.composePath(f.path)}) ? ${expr} : {}),`);
      } else env.push(`...${expr},`);
      if (f.format !== undefined) this.commented([...at, String(i), "format"], f.format, "only Compose's own env-file format is read", env);
    });
    this.mapped(at);
  }

  private ports(at: string[], v: unknown[], lines: string[]): void {
    const specs: PortSpec[] = [];
    for (const entry of v) {
      if (typeof entry === "object" && entry !== null) {
        const e = entry as Doc;
        const published = e.published === undefined ? undefined : String(e.published);
        specs.push(...parsePortShort(`${e.host_ip ? `${e.host_ip.includes(":") ? `[${e.host_ip}]` : e.host_ip}:` : ""}${published ?? ""}${published !== undefined || e.host_ip ? ":" : ""}${e.target}/${e.protocol ?? "tcp"}`));
        for (const extra of ["mode", "name", "app_protocol"]) {
          if (e[extra] !== undefined && !(extra === "mode" && e.mode === "host")) this.commented([...at, extra], e[extra], `port ${extra} is not expressible`, lines);
        }
      } else specs.push(...parsePortShort(entry as string));
    }
    const open = specs.some((s) => s.hostIp === undefined);
    if (open) lines.push("// Compose publishes on 0.0.0.0; these bind 127.0.0.1 (give hostIp to open them wider)");
    lines.push("portForwards: [");
    for (const s of specs) {
      const parts = [`containerPort: ${s.containerPort}`];
      if (s.hostPort !== undefined) parts.push(`hostPort: ${s.hostPort}`);
      if (s.hostIp !== undefined) parts.push(`hostIp: ${q(s.hostIp)}`);
      if (s.protocol !== "tcp") parts.push(`protocol: Protocol.${s.protocol.toUpperCase()}`);
      lines.push(`  { ${parts.join(", ")} },`);
    }
    lines.push("],");
    if (specs.some((s) => s.protocol !== "tcp")) this.use("Protocol");
    this.mapped(at);
  }

  private restart(at: string[], value: string, p: string[]): void {
    this.use("RestartPolicy");
    const m = /^on-failure(?::(\d+))?$/.exec(value);
    if (m) {
      p.push("restartPolicy: RestartPolicy.ON_FAILURE,");
      if (m[1] !== undefined && Number(m[1]) > 0) p.push(`maxRestartRetries: ${Number(m[1])},`);
    } else if (["no", "always", "unless-stopped"].includes(value)) {
      p.push(`restartPolicy: RestartPolicy.${value === "no" ? "NO" : value === "always" ? "ALWAYS" : "UNLESS_STOPPED"},`);
    } else throw new ComposeError(`${at.join(".")}: unknown restart policy '${value}'`);
    this.mapped(at);
  }

  private dependsOn(at: string[], v: unknown, p: string[]): void {
    const entries: [string, Doc][] = Array.isArray(v) ? v.map((d: string) => [d, { condition: "service_started" }]) : Object.entries<Doc>(v as Doc);
    const items: string[] = [];
    for (const [dep, opts] of entries) {
      const target = this.serviceVars.get(dep)!;
      const condition = opts.condition ?? "service_started";
      const name = condition === "service_healthy" ? "HEALTHY" : condition === "service_completed_successfully" ? "COMPLETED_SUCCESSFULLY" : "STARTED";
      if (name !== "STARTED") this.use("DependencyCondition");
      items.push(name === "STARTED" ? `{ container: ${target} }` : `{ container: ${target}, condition: DependencyCondition.${name} }`);
      this.mapped(Array.isArray(v) ? at : [...at, dep, "condition"]);
      if (!Array.isArray(v)) {
        for (const extra of Object.keys(opts).filter((o) => o !== "condition")) {
          if (extra === "required" && opts.required !== false) this.mapped([...at, dep, extra]);
          else this.commented([...at, dep, extra], opts[extra], extra === "restart" ? "dependents are not restarted with their dependency" : `depends_on ${extra} is not expressible`, p);
        }
      }
    }
    p.push(`dependsOn: [${items.join(", ")}],`);
  }

  private healthcheck(at: string[], v: Doc, p: string[]): string | undefined {
    const test = v.test;
    if (v.disable === true || v.disable === "true" || (Array.isArray(test) && test[0] === "NONE")) {
      this.commented(at, v, "turning off the image's healthcheck is not expressible", p);
      return undefined;
    }
    if (test === undefined) {
      this.commented(at, v, "a healthcheck without test only changes the image's timings, which is not expressible", p);
      return undefined;
    }
    this.use("Healthcheck");
    // Docker's defaults where the compose file is silent (interval and timeout 30s, 3 retries).
    const seconds = (k: string, dflt: number) => {
      if (v[k] === undefined) return dflt;
      const s = parseDuration(String(v[k]));
      return Math.max(k === "start_period" ? 0 : 1, Math.ceil(s));
    };
    const opts = `{ intervalSeconds: ${seconds("interval", 30)}, timeoutSeconds: ${seconds("timeout", 30)}, retries: ${v.retries === undefined ? 3 : Number(v.retries)}, startPeriodSeconds: ${seconds("start_period", 0)} }`;
    for (const k of Object.keys(v)) {
      if (["test", "interval", "timeout", "retries", "start_period"].includes(k)) this.mapped([...at, k]);
      else if (k !== "disable") this.commented([...at, k], v[k], `healthcheck ${k} is not expressible`, p);
      else this.mapped([...at, k]);
    }
    if (typeof test === "string") return `healthcheck: Healthcheck.fromShell(${q(test)}, ${opts}),`;
    if (test[0] === "CMD-SHELL") return `healthcheck: Healthcheck.fromShell(${q(test.slice(1).join(" "))}, ${opts}),`;
    if (test[0] === "CMD") return `healthcheck: Healthcheck.fromCommand(${list(test.slice(1))}, ${opts}),`;
    throw new ComposeError(`${at.join(".")}.test must start with CMD, CMD-SHELL or NONE`);
  }

  private serviceNetworks(at: string[], v: unknown, varName: string, after: string[]): { lines: string[] } {
    const entries: [string, Doc | null][] = Array.isArray(v) ? v.map((n: string) => [n, null]) : Object.entries<Doc | null>(v as Doc);
    const lines: string[] = [];
    entries.forEach(([net, opts], i) => {
      const netVar = this.networkVars.get(net);
      if (!netVar) throw new ComposeError(`${at.join(".")} names network '${net}', which networks: does not declare`);
      if (netVar === DEFAULT_NETWORK) this.use("BridgeNetwork");
      const o: string[] = [];
      for (const [k, val] of Object.entries(opts ?? {})) {
        const here = [...at, net, k];
        if (k === "aliases") {
          o.push(`aliases: ${list(val as string[])}`);
          this.mapped(here);
        } else if (k === "ipv4_address") {
          o.push(`ipv4Address: ${q(val as string)}`);
          this.mapped(here);
        } else this.commented(here, val, `network attachment ${k} is not expressible`, i === 0 ? lines : after);
      }
      if (i === 0) {
        lines.push(`network: ${netVar},`);
        if (o.length) lines.push(`networkOptions: { ${o.join(", ")} },`);
      } else after.push(`${varName}.joinNetwork(${netVar}${o.length ? `, { ${o.join(", ")} }` : ""});`);
    });
    this.mapped(at);
    return { lines };
  }

  private mounts(at: string[], v: unknown[], varName: string, after: string[], tmpfs: Record<string, string>): void {
    v.forEach((entry, i) => {
      const here = [...at, String(i)];
      let type: string;
      let source: string | undefined;
      let target: string;
      let readOnly = false;
      if (typeof entry === "string") {
        const parts = entry.split(":");
        // Windows drive letters are not handled: Linux engines only.
        if (parts.length === 1) [target] = parts;
        else [source, target] = parts;
        const mode = parts[2] ?? "";
        readOnly = mode.split(",").includes("ro");
        const extra = mode.split(",").filter((m) => m && !["ro", "rw", "cached", "delegated", "consistent"].includes(m));
        if (extra.length) this.commented([...here, "mode"], extra, "bind options other than ro/rw are not expressible", after);
        type = source === undefined ? "anonymous" : /^[./~]/.test(source) ? "bind" : "volume";
      } else {
        const e = entry as Doc;
        type = e.type;
        source = e.source;
        target = e.target;
        readOnly = e.read_only === true || e.read_only === "true";
        for (const k of Object.keys(e).filter((k) => !["type", "source", "target", "read_only", "consistency"].includes(k))) {
          if (k === "tmpfs" && type === "tmpfs") continue;
          if (k === "bind" && Object.keys(e.bind).every((b) => b === "create_host_path")) {
            this.mapped([...here, k]); // Docker's -v creates missing host paths, as the provider's bind does
            continue;
          }
          this.commented([...here, k], e[k], `mount option ${k} is not expressible`, after);
        }
      }
      // Docker cleans container paths (`/etc/x/` is `/etc/x`); the constructs want them clean.
      target = path.posix.normalize(target).replace(/(.)\/+$/, "$1");
      if (type === "bind") {
        const hostPath = source!.startsWith("~") ? source!.replace(/^~/, process.env.HOME ?? "~") : source!;
        const options: string[] = [];
        if (readOnly !== ((this.options.profile ?? "compose") === "hardened")) options.push(`readOnly: ${readOnly}`);
        const absolute = path.resolve(this.loaded.dir, hostPath);
        if (sensitiveMountReason(absolute)) {
          options.push("allowSensitive: true");
          after.push(`// ${here.join(".")}: ${sensitiveMountReason(absolute)}; Compose allows it, the audit reports it`);
        }
        after.push(`${varName}.mountHostPath(${q(target)}, ${this.composePath(hostPath)}${options.length ? `, { ${options.join(", ")} }` : ""});`);
        this.mapped(here);
      } else if (type === "volume") {
        const volVar = this.volumeVars.get(source!);
        if (!volVar) throw new ComposeError(`${here.join(".")} uses volume '${source}', which volumes: does not declare`);
        after.push(`${varName}.mountVolume(${q(target)}, ${volVar}${readOnly ? ", { readOnly: true }" : ""});`);
        this.mapped(here);
      } else if (type === "tmpfs") {
        const t = (entry as Doc).tmpfs ?? {};
        const opts = [t.size !== undefined ? `size=${parseBytes(t.size)}` : "", t.mode !== undefined ? `mode=${typeof t.mode === "number" ? t.mode.toString(8) : t.mode}` : ""].filter(Boolean);
        tmpfs[target] = opts.join(",");
        this.mapped(here);
      } else this.commented(here, entry, type === "anonymous" ? "anonymous volumes are not expressible: declare a named volume" : `${type} mounts are not expressible`, after);
    });
  }

  private memory(at: string[], v: unknown, prop: string, p: string[]): void {
    const mib = parseBytes(v as string) / 1048576;
    p.push(`${prop}: ${Math.ceil(mib)},${Number.isInteger(mib) ? "" : ` // ${v} rounded up to whole MiB`}`);
    this.mapped(at);
  }

  private extraHosts(at: string[], v: unknown, lines: string[]): void {
    const hosts: Record<string, string> = {};
    const add = (host: string, ip: string) => {
      if (hosts[host] !== undefined) this.commented([...at, host], ip, "a second address for one host name is not expressible", lines);
      else hosts[host] = ip;
    };
    if (Array.isArray(v)) {
      for (const e of v as string[]) {
        const sep = e.search(/[:=]/);
        add(e.slice(0, sep), e.slice(sep + 1));
      }
    } else for (const [h, ip] of Object.entries<any>(v as Doc)) (Array.isArray(ip) ? ip : [ip]).forEach((x: string) => add(h, x));
    lines.push(`extraHosts: ${record(hosts)},`);
    this.mapped(at);
  }

  private deploy(at: string[], v: Doc, p: string[]): void {
    for (const [k, val] of Object.entries<any>(v)) {
      const here = [...at, k];
      if (k === "resources") {
        for (const [kind, r] of Object.entries<any>(val ?? {})) {
          for (const [rk, rv] of Object.entries<any>(r ?? {})) {
            const leaf = [...here, kind, rk];
            if (kind === "limits" && rk === "memory") this.memory(leaf, rv, "memoryMiB", p);
            else if (kind === "limits" && rk === "cpus") {
              p.push(`cpuLimit: ${Number(rv)},`);
              this.mapped(leaf);
            } else this.commented(leaf, rv, kind === "limits" && rk === "pids" ? "provider 3.6.2 has no pids_limit" : `deploy.resources.${kind}.${rk} is not expressible (no reservations in provider 3.6.2)`, p);
          }
        }
      } else if (k === "restart_policy") {
        for (const [rk, rv] of Object.entries<any>(val ?? {})) {
          const leaf = [...here, rk];
          if (rk === "condition") {
            this.use("RestartPolicy");
            p.push(`restartPolicy: RestartPolicy.${rv === "none" ? "NO" : rv === "on-failure" ? "ON_FAILURE" : "ALWAYS"},`);
            this.mapped(leaf);
          } else if (rk === "max_attempts") {
            p.push(`maxRestartRetries: ${Number(rv)},`);
            this.mapped(leaf);
          } else this.commented(leaf, rv, `restart ${rk} is not expressible with Docker's restart policies`, p);
        }
      } else if (k === "replicas" && Number(val) === 1) this.mapped(here);
      else this.commented(here, val, k === "replicas" ? "one container per service: create more Containers for replicas" : `deploy.${k} is for Swarm and has no meaning here`, p);
    }
  }

  // ---- output ------------------------------------------------------------------------------

  private module(): string {
    const out = path.resolve(this.options.outFile);
    const outDir = path.dirname(out);
    let composeRel = path.relative(outDir, this.loaded.dir).split(path.sep).join("/") || ".";
    if (!composeRel.startsWith(".")) composeRel = `./${composeRel}`;
    const profile = (this.options.profile ?? "compose") === "hardened" ? "HARDENED" : "COMPOSE";
    const name = this.doc.name === undefined ? undefined : String(this.doc.name);
    const symbols = [...this.symbols].sort((a, b) => a.localeCompare(b));
    const lines: string[] = [
      `// Generated by \`npm run import\` from ${path.basename(this.loaded.file)} (${composeRel}).`,
      "// Readable on purpose: edit it freely. Keys the typed API cannot express are marked NOT MAPPED.",
    ];
    if (this.needsFs) lines.push('import * as fs from "fs";');
    if (this.needsPath) lines.push('import * as path from "path";');
    // By package name, as in any project that installs docker-iac (in this repository tsconfig
    // "paths", jest and tools/dev/register-ts.js resolve it to constructs/index.ts).
    lines.push(`import {\n  ${symbols.join(", ")},\n} from ${q(PACKAGE_NAME)};`, "");
    if (this.needsPath) {
      lines.push("/** The compose file's folder: build contexts and bind mounts resolve against it, as in Compose. */");
      lines.push(`const composeDir = path.resolve(__dirname, ${q(composeRel)});`, "");
    }
    lines.push(...this.header.map((l) => l));
    if (this.header.length) lines.push("");
    lines.push(`/** The services of ${path.basename(this.loaded.file)} as a DockerStack (${profile.toLowerCase()} defaults profile). */`);
    lines.push(`export class ${this.options.className} extends DockerStack {`);
    lines.push("  constructor(scope: Construct, id: string, props: DockerStackProps = {}) {");
    lines.push(`    super(scope, id, { defaultsProfile: DefaultsProfile.${profile}${name ? `, namePrefix: ${q(name)}` : ""}, ...props });`);
    // A construct nothing refers to later is a statement, not a const (no unused locals).
    const text = this.body.map((l) => l.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\/.*$/, "")).join("\n");
    const body = this.body.map((l) => {
      const m = /^const ([A-Za-z_$][\w$]*) = (new .*)$/.exec(l);
      return m && (text.match(new RegExp(`\\b${m[1]}\\b`, "g")) ?? []).length === 1 ? m[2] : l;
    });
    let first = true;
    for (const l of body) {
      if (first && l === "") {
        first = false;
        continue;
      }
      first = false;
      lines.push(l === "" ? "" : `    ${l}`);
    }
    lines.push("  }", "}", "");
    return lines.join("\n");
  }
}

function construct(varName: string, cls: string, id: string, props: string[]): string[] {
  if (!props.some((l) => !l.startsWith("//"))) {
    return [...props, `const ${varName} = new ${cls}(this, ${q(id)});`];
  }
  return [`const ${varName} = new ${cls}(this, ${q(id)}, {`, ...props.map((l) => `  ${l}`), "});"];
}

function list(values: string[]): string {
  return `[${values.map((v) => q(String(v))).join(", ")}]`;
}

function record(values: Record<string, string | null>): string {
  const entries = Object.entries(values).filter(([, v]) => v !== null);
  if (!entries.length) return "{}";
  return `{ ${entries.map(([k, v]) => `${key(k)}: ${q(String(v))}`).join(", ")} }`;
}
