import * as fs from "fs";
import * as path from "path";
// The importer predicts what the library will refuse (unknown capabilities, sensitive mounts,
// mutable references) to comment those keys instead of writing code that throws: it shares the
// library's own rule tables, which are internal, so these two imports reach past the public API.
// eslint-disable-next-line no-restricted-imports -- the library's mount rules
import { sensitiveMountReason } from "../../../constructs/private/security";
// eslint-disable-next-line no-restricted-imports -- the library's mutable-reference rule
import { isMutable } from "../../../constructs/registry-image";
import {
  composeBool as bool,
  ComposeValueError,
  listOrDict,
  parseBytes,
  parseDuration,
  parsePortShort,
  type PortSpec,
  shellWords,
} from "./compose-values";
import { parseEnvFile } from "docker-iac";
import { type Declaration, emitStack, type Statement } from "./emit-stack";
import { ComposeError, type LoadedCompose } from "./load-compose";
import { OTHER_KEY, SERVICE_KEYS } from "./service-keys";
import { brief, camel, key, list, pascal, q, record } from "./ts-code";

// Compose's `default` network when the file does not declare one: the stack's own bridge network.
const DEFAULT_NETWORK = "BridgeNetwork.defaultFor(this)";

/** How the importer handled one key of the compose file. */
export type KeyStatus = "mapped" | "changed" | "commented" | "ignored";

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
  /** The library's defaults profile. @default "compose" */
  readonly defaults?: "compose" | "hardened";
  /**
   * The Compose profiles active by default (`--profile`); the generated class takes others as a prop.
   * @default - none: only services without `profiles`
   */
  readonly profiles?: string[];
  /** More variable names whose values are secrets (besides names with PASSWORD, SECRET, TOKEN or KEY). @default - none */
  readonly secrets?: string[];
}

export interface ImportResult {
  /** The TypeScript module. */
  readonly code: string;
  /** One line per kind of key that could not be mapped (with a count), and per interpolation warning. */
  readonly warnings: string[];
  readonly uses: KeyUse[];
  /** The Compose profiles the services name. */
  readonly declaredProfiles: string[];
  /**
   * The variables that became sensitive Terraform variables, given at deploy as TF_VAR_<name>;
   * required unless the compose file writes a default for them.
   */
  readonly secrets: { readonly name: string; readonly required: boolean }[];
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

const RESERVED = new Set([
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "import",
  "in",
  "instanceof",
  "new",
  "null",
  "return",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "let",
  "static",
  "yield",
  "await",
  "implements",
  "interface",
  "package",
  "private",
  "protected",
  "public",
  "path",
  "os",
  "fs",
  "composeDir",
  "composeEnv",
  "scope",
  "id",
  "props",
  "active",
  "profiles",
]);
const STACK_CHILD_IDS = new Set(["DockerHost", "DefaultNetwork", "DockerProvider"]);

/** The variables a `${...}` template reads (`$$` is a literal dollar). */
export function variablesIn(template: string): string[] {
  return [...new Set([...template.replace(/\$\$/g, "").matchAll(/\$\{?([_a-zA-Z][_a-zA-Z0-9]*)/g)].map((m) => m[1]))];
}

/**
 * Names that say they hold a secret: a word of the name ends in PASSWORD, PASSWD, SECRET, TOKEN
 * or KEY, unless the name ends in a word that says it holds where the secret is (DB_PASSWORD_FILE).
 */
export function looksSecret(name: string): boolean {
  const words = name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (["FILE", "PATH", "DIR", "LOCATION"].includes(words[words.length - 1])) return false;
  return words.some((w) => /(PASSWORD|PASSWD|SECRET|TOKEN|KEY)$/.test(w));
}

/** What a service becomes: props lines and statements after the constructor. */
/** A service while the key table fills it in: the Container's props and what follows it. */
export interface ServiceBuild {
  readonly name: string;
  readonly svc: Doc;
  readonly varName: string;
  /** Props in the order the keys come, then environment, tmpfs, ports, network, healthcheck, runtime. */
  readonly props: string[];
  readonly env: string[];
  readonly envFiles: string[];
  readonly tmpfs: Record<string, string>;
  readonly ports: string[];
  readonly runtime: string[];
  network?: { lines: string[] };
  healthcheck?: string;
  /** Statements after the constructor (mounts, joined networks). */
  readonly after: string[];
}

/** Translates a loaded compose file into a DockerStack module using only the public API. */
export function generateStack(loaded: LoadedCompose, options: ImportOptions): ImportResult {
  return new Generator(loaded, options).run();
}

/** Compose to the model of the stack: the key table (service-keys.ts) calls back into it. */
export class Generator {
  private readonly uses: KeyUse[] = [];
  private readonly warnings: string[] = [];
  private readonly symbols = new Set<string>(["DockerStack", "DockerStackProps", "Construct", "DefaultsProfile"]);
  private readonly ids = new Set<string>(STACK_CHILD_IDS);
  private readonly vars = new Set<string>(RESERVED);
  private readonly header: string[] = [];
  private readonly body: Statement[] = [];
  private readonly doc: Doc;
  private readonly networkVars = new Map<string, string>();
  private readonly volumeVars = new Map<string, string>();
  private readonly imageVars = new Map<string, string>();
  private readonly serviceVars = new Map<string, string>();
  private readonly depended = new Map<string, Set<string>>();
  private needsPath = false;
  private needsFs = false;
  private needsOs = false;
  private needsEnv = false;
  /** How often the generated code refers to each construct variable: one nobody uses is a statement. */
  private readonly refs = new Map<string, number>();
  /** Variables whose values are secrets, by name, and the TerraformVariable each one becomes. */
  private readonly secretVars = new Map<string, string>();
  /** The included projects' environments the code reads, by index in loaded.includeEnvs, and their declarations in order. */
  private readonly includeEnvVars = new Map<number, string>();
  private readonly includeEnvDecls: { varName: string; source: string; init: string }[] = [];
  /** What each use of a secret falls back to when it is unset (see secretVar). */
  private readonly secretFallbacks = new Map<string, (string | undefined)[]>();
  /** Service variables that exist only when one of the service's profiles is active. */
  private readonly conditional = new Set<string>();
  /** Network and volume variables that exist only when one of their users' profiles is active. */
  private readonly conditionalResources = new Set<string>();
  /** Services others wait for with service_healthy while their healthcheck is the image's. */
  private readonly waitsForImageHealthcheck = new Set<string>();
  private hasProfiles = false;
  /** The images built here: the name the compose file gives each, and the images its Dockerfile starts FROM. */
  private readonly builds: { varName: string; named?: string; froms: string[] }[] = [];
  /** Image constructs of a service of profiles, created inside its block with it. */
  private readonly pendingImages: Statement[] = [];
  /** Keys that could not be mapped, by generic key: the paths and the first reason. */
  private readonly unmapped = new Map<string, { paths: string[]; why: string }>();

  constructor(
    private readonly loaded: LoadedCompose,
    readonly options: ImportOptions,
  ) {
    this.doc = loaded.doc;
  }

  run(): ImportResult {
    const services: Doc = this.doc.services ?? {};
    const order = this.serviceOrder(services);
    this.topLevel();
    // As Compose (compose-go's WithoutUnnecessaryResources): a network or volume exists only
    // when a service that is created uses it; one used only by services of profiles, only with them.
    const networkUsers = new Map<string, Doc[]>();
    const volumeUsers = new Map<string, Doc[]>();
    const add = (users: Map<string, Doc[]>, name: string, svc: Doc) =>
      users.set(name, [...(users.get(name) ?? []), svc]);
    for (const svc of Object.values<Doc>(services)) {
      if (svc.network_mode === undefined) for (const n of this.serviceNetworkNames(svc)) add(networkUsers, n, svc);
      for (const v of serviceVolumeNames(svc)) add(volumeUsers, v, svc);
    }
    this.networks(networkUsers);
    this.volumes(volumeUsers);
    for (const name of order) this.service(name, services[name]);
    this.builtBases();
    // The class is declared next to the module's imports: a name they use would not compile.
    const taken = [...this.symbols, "fs", "path", "os", "composeDir", "composeEnv"].find(
      (s) => s === this.options.className,
    );
    if (taken !== undefined) {
      throw new ComposeError(
        `--class '${taken}' is a name the generated module imports or declares. Fix: pick another class name, e.g. ${taken}App`,
      );
    }
    // One warning per kind of key, with a count, not one per use.
    for (const [generic, { paths, why }] of this.unmapped) {
      const shown = paths.length > 3 ? `${paths.slice(0, 3).join(", ")}, ...` : paths.join(", ");
      this.warnings.push(
        paths.length === 1
          ? `warning: ${paths[0]} is not mapped: ${why}`
          : `warning: ${generic} is not mapped (${paths.length} uses: ${shown}): ${why}`,
      );
    }
    // A secret unset now is no concern: it is given at deploy, not read here or at synth.
    const unset = (w: string) => /the variable (\w+) is not set/.exec(w)?.[1];
    this.warnings.unshift(
      ...this.loaded.warnings.filter((w) => !this.secretVars.has(unset(w) ?? "")).map((w) => `warning: ${w}`),
    );
    const declaredProfiles = [
      ...new Set(Object.values<Doc>(services).flatMap((svc) => (svc?.profiles ?? []).map(String))),
    ];
    const secrets = [...this.secretVars.keys()].map((name) => ({
      name,
      required: this.secretDefault(name) === undefined,
    }));
    return { code: this.module(), warnings: this.warnings, uses: this.uses, declaredProfiles, secrets };
  }

  // ---- bookkeeping -------------------------------------------------------------------------

  /** A command or entrypoint: a list as written, or a string split into words as Compose splits it. */
  words(at: string[], v: unknown): string {
    if (typeof v === "string") {
      const words = shellWords(v);
      const raw = this.template(at);
      // Each word keeps its template when the template splits into as many words.
      const rawWords =
        raw === undefined
          ? undefined
          : shellWords(raw.replace(/\$\$/g, "\u0000")).map((w) => w.replace(/\u0000/g, "$$$$"));
      if (rawWords && rawWords.length === words.length)
        return `[${words.map((w, i) => this.str(at, w, variablesIn(rawWords[i]).length ? rawWords[i] : undefined)).join(", ")}]`;
      return list(words);
    }
    return `[${(v as unknown[]).map((w, i) => this.str([...at, String(i)], w)).join(", ")}]`;
  }

  /** A list-or-mapping of strings (labels), each value a literal or its template. */
  strRecord(at: string[], v: unknown): string {
    const values = listOrDict(v);
    const raw = Array.isArray(v) ? undefined : at;
    const rawList = Array.isArray(v) ? listOrDict(this.rawAt(at)) : undefined;
    const entries = Object.entries(values).filter(([, val]) => val !== null);
    if (!entries.length) return "{}";
    return `{ ${entries
      .map(([k, val]) => {
        const t = rawList ? (rawList[k] ?? undefined) : this.template([...raw!, k]);
        return `${key(k)}: ${this.str([...at, k], val, t !== undefined && t !== null && variablesIn(t).length ? t : undefined)}`;
      })
      .join(", ")} }`;
  }

  private rawAt(at: string[]): unknown {
    let raw: any = this.loaded.raw;
    for (const p of at) raw = raw?.[p];
    return raw;
  }

  /**
   * The ComposeEnvironment variable a value at `at` is read with at synth: the project's
   * (`composeEnv`), or that of the include that brought the resource with env files of its own.
   */
  private envFor(at: string[]): string {
    this.needsEnv = true;
    const index = this.loaded.envOrigin.get(`${at[0]}.${at[1]}`);
    return index === undefined ? "composeEnv" : this.includeEnvVar(index);
  }

  /** The variables a value at `at` was interpolated with at import. */
  private environmentFor(at: string[]): Record<string, string> {
    const index = this.loaded.envOrigin.get(`${at[0]}.${at[1]}`);
    return index === undefined ? this.loaded.environment : this.loaded.includeEnvs[index].environment;
  }

  /** An included project's environment, declared after its parent's: its own env files under the including project's variables. */
  private includeEnvVar(index: number): string {
    const existing = this.includeEnvVars.get(index);
    if (existing) return existing;
    const inc = this.loaded.includeEnvs[index];
    const parent = inc.parent === undefined ? "composeEnv" : this.includeEnvVar(inc.parent);
    const varName = this.uniqueVar(`${camel(pascal(path.basename(inc.projectDir)))}Env`);
    this.includeEnvVars.set(index, varName);
    const at = (f: string) => this.composePath(path.relative(this.loaded.dir, f) || ".");
    const files = inc.explicit ? `, envFiles: [${inc.envFiles.map(at).join(", ")}]` : "";
    this.includeEnvDecls.push({
      varName,
      source: path.relative(this.loaded.dir, inc.envFiles[0]).split(path.sep).join("/"),
      init: `new ComposeEnvironment(${at(inc.projectDir)}, process.env, { parent: ${parent}${files} })`,
    });
    return varName;
  }

  /** A reference to a construct variable in the generated code. */
  r(varName: string): string {
    this.refs.set(varName, (this.refs.get(varName) ?? 0) + 1);
    return varName;
  }

  /** The `${...}` template at that path of the compose file as written, when the value came from one. */
  private template(at: string[]): string | undefined {
    const raw = this.rawAt(at);
    return typeof raw === "string" && variablesIn(raw).length ? raw : undefined;
  }

  private isSecret(name: string): boolean {
    return looksSecret(name) || (this.options.secrets ?? []).includes(name);
  }

  /**
   * The sensitive Terraform variable a secret becomes: given at deploy as TF_VAR_<name>, never
   * written. `fallback` is what this use falls back to when the variable is unset: the literal
   * default the compose file writes (`${DB_PASSWORD:-secret}`), or undefined (none, `:?`, a
   * value of an env file).
   */
  private secretVar(name: string, fallback: string | undefined): string {
    let v = this.secretVars.get(name);
    if (!v) {
      v = this.uniqueVar(camel(pascal(name.toLowerCase())));
      this.secretVars.set(name, v);
      this.use("TerraformVariable");
    }
    this.secretFallbacks.set(name, [...(this.secretFallbacks.get(name) ?? []), fallback]);
    return this.r(v);
  }

  /**
   * A secret's default in Terraform: the compose file's own literal default, when every use of
   * the variable writes the same one (a literal of the file stays a literal, as Compose uses it
   * when the variable is unset); otherwise none, and Terraform requires the variable at deploy.
   */
  private secretDefault(name: string): string | undefined {
    const fallbacks = new Set(this.secretFallbacks.get(name) ?? []);
    const [only] = fallbacks;
    return fallbacks.size === 1 ? only : undefined;
  }

  /**
   * A string value as code: a literal when the compose file wrote it; read at synth through
   * composeEnv when it came from \`\${...}\` (the generated code shows the template); a sensitive
   * Terraform variable for a secret.
   */
  str(at: string[], value: unknown, raw: string | undefined = this.template(at), plain = false): string {
    if (raw === undefined) return q(String(value));
    const where = at.join(".");
    const secrets = plain ? [] : variablesIn(raw).filter((n) => this.isSecret(n));
    // The whole value is the secret (`${DB_PASSWORD}`, `${DB_PASSWORD:?..}`, `${DB_PASSWORD:-default}`): the variable itself.
    const whole = /^\$\{?([_a-zA-Z][_a-zA-Z0-9]*)(?::?[-?][^}]*)?\}?$/.exec(raw);
    if (whole && secrets.includes(whole[1]) && raw.startsWith("${") === raw.endsWith("}"))
      return `${this.secretVar(whole[1], literalDefault(raw, whole[1]))}.stringValue`;
    const env = this.envFor(at);
    if (!secrets.length) return `${env}.resolve(${q(raw)}, ${q(where)})`;
    return `${env}.resolve(${q(raw)}, ${q(where)}, { ${secrets.map((n) => `${key(n)}: ${this.secretVar(n, literalDefault(raw, n))}.stringValue`).join(", ")} })`;
  }

  /** The key with names (services, networks, volumes, variables...) and list indexes as `*`. */
  private generic(at: string[]): string {
    const named = [
      "services",
      "networks",
      "volumes",
      "depends_on",
      "ulimits",
      "environment",
      "extra_hosts",
      "secrets",
      "configs",
    ];
    return at.map((p, i) => ((i > 0 && named.includes(at[i - 1])) || /^\d+$/.test(p) ? "*" : p)).join(".");
  }

  mapped(at: string[]): void {
    if (this.uses.some((u) => u.path === at.join(".") && u.status === "changed")) return;
    this.uses.push({ key: this.generic(at), path: at.join("."), status: "mapped" });
  }

  ignored(at: string[], lines: string[], why: string): void {
    this.uses.push({ key: this.generic(at), path: at.join("."), status: "ignored" });
    lines.push(`// ${at.join(".")}: ${why}`);
  }

  /** A key the typed API cannot express: a comment where it would go and a warning on stderr. */
  commented(at: string[], value: unknown, why: string, lines: string[]): void {
    this.uses.push({ key: this.generic(at), path: at.join("."), status: "commented" });
    lines.push(`// NOT MAPPED ${at.join(".")} = ${brief(value)}`);
    lines.push(`//   ${why}`);
    const generic = this.generic(at);
    const entry = this.unmapped.get(generic) ?? { paths: [], why };
    entry.paths.push(at.join("."));
    this.unmapped.set(generic, entry);
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

  use(...names: string[]): void {
    names.forEach((n) => this.symbols.add(n));
  }

  private composePath(p: string): string {
    if (path.isAbsolute(p)) return q(p);
    this.needsPath = true;
    const rel = path.posix.normalize(p.split(path.sep).join("/"));
    return rel === "." || rel === "./" ? "composeDir" : `path.join(composeDir, ${q(rel)})`;
  }

  /**
   * A bind mount's host path as code, resolved at synth as Compose resolves it at `up`: relative
   * to the compose folder, `~` the user's home, `${...}` (PWD the compose folder) read then.
   */
  private hostPath(at: string[], entry: unknown, source: string): string {
    const rawEntry = this.rawAt(at);
    const raw =
      typeof rawEntry === "string" && typeof entry === "string"
        ? firstField(rawEntry)
        : (rawEntry as Doc | undefined)?.source;
    if (typeof raw === "string" && variablesIn(raw).length) {
      this.needsPath = true;
      return `path.resolve(composeDir, ${this.str(at, source, raw)})`;
    }
    if (source === "~" || source.startsWith("~/")) {
      this.needsOs = true;
      this.needsPath = true;
      const rest = source.slice(2);
      return rest ? `path.join(os.homedir(), ${q(rest)})` : "os.homedir()";
    }
    return this.composePath(source);
  }

  /**
   * `image:` beside `build:` names the built image, as Compose tags it, so another build's
   * `FROM` finds it on the engine: the base is tagged with that name too, and built first.
   */
  private builtBases(): void {
    const statements: string[] = [];
    for (const base of this.builds.filter((b) => b.named !== undefined)) {
      const users = this.builds.filter((b) => b !== base && b.froms.includes(base.named!));
      if (!users.length) continue;
      statements.push(
        `// ${users.map((u) => u.varName).join(", ")} build FROM ${base.named}, which ${base.varName} builds: tag it so, and build it first.`,
      );
      statements.push(`${this.r(base.varName)}.resource.addOverride("build.tag", [${q(base.named!)}]);`);
      for (const u of users)
        statements.push(
          `${this.r(u.varName)}.resource.dependsOn = [...(${u.varName}.resource.dependsOn ?? []), dependable(${base.varName}.resource)];`,
        );
      this.use("dependable");
    }
    if (statements.length) this.body.push({ kind: "blank" }, { kind: "code", lines: statements });
  }

  // ---- top level ---------------------------------------------------------------------------

  private topLevel(): void {
    for (const [k, v] of Object.entries(this.doc)) {
      if (k === "services" || k === "networks" || k === "volumes") continue;
      if (k === "version") this.ignored([k], this.header, "obsolete; Compose ignores it too");
      else if (k.startsWith("x-"))
        this.ignored([k], this.header, "extension field; Compose ignores it (its anchors were expanded)");
      else if (k === "name") this.mapped([k]);
      else
        this.commented(
          [k],
          v,
          k === "secrets" || k === "configs"
            ? "secrets and configs have no construct: bind-mount the file read-only with mountHostPath instead"
            : `top-level ${k} is not supported by the importer`,
          this.header,
        );
    }
  }

  private serviceNetworkNames(svc: Doc): string[] {
    if (svc.networks === undefined) return ["default"];
    return Array.isArray(svc.networks) ? svc.networks : Object.keys(svc.networks);
  }

  /** A declared network or volume no service uses: a comment, as Compose does not create it. */
  private unused(kind: "networks" | "volumes", name: string, value: Doc | null): void {
    for (const k of Object.keys(value ?? {}))
      this.uses.push({ key: this.generic([kind, name, k]), path: `${kind}.${name}.${k}`, status: "ignored" });
    this.body.push({
      kind: "code",
      lines: [`// ${kind}.${name}: no service uses it, so Compose does not create it either.`],
    });
  }

  /**
   * A network or volume: declared before the services, or, when only services of profiles use
   * it, in a block of the union of their profiles (`let` before it; they refer to it with `!`).
   */
  private resource(decl: Declaration, varType: string, users: Doc[]): void {
    const profiles = profilesOf(users);
    if (profiles === undefined) {
      this.body.push(decl);
      return;
    }
    this.hasProfiles = true;
    this.conditionalResources.add(decl.varName);
    this.body.push({ kind: "when", varName: decl.varName, varType, profiles, body: [decl] });
  }

  /** A reference to a network or volume variable; `!` when it exists only with profiles (so do its users). */
  private resourceRef(varName: string): string {
    return `${this.r(varName)}${this.conditionalResources.has(varName) ? "!" : ""}`;
  }

  private networks(users: Map<string, Doc[]>): void {
    const declared: Doc = this.doc.networks ?? {};
    for (const name of Object.keys(declared)) if (!users.has(name)) this.unused("networks", name, declared[name]);
    for (const [name, usedBy] of users) {
      if (name === "default" && !declared.default) {
        this.networkVars.set(name, DEFAULT_NETWORK);
        continue;
      }
      if (!(name in declared))
        throw new ComposeError(`a service uses network '${name}', which networks: does not declare`);
      const net: Doc = declared[name] ?? {};
      const props: string[] = [];
      const at = ["networks", name];
      let external: string | undefined;
      for (const [k, v] of Object.entries(net)) {
        const here = [...at, k];
        switch (k) {
          case "driver":
            if (v === "bridge") this.mapped(here);
            else
              this.commented(
                here,
                v,
                "only bridge networks are supported; this one is created as a bridge network",
                props,
              );
            break;
          case "internal":
            props.push(`internal: ${bool(v)},`);
            this.mapped(here);
            break;
          case "name":
            props.push(`networkName: ${q(String(v))},`);
            this.mapped(here);
            break;
          case "external":
            if ((typeof v !== "object" && bool(v)) || (typeof v === "object" && v !== null)) {
              external = typeof v === "object" && v.name ? v.name : (net.name ?? name);
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
              this.commented(
                here,
                v,
                "only one IPv4 subnet and gateway are supported (no IPAM driver, options, ranges or IPv6)",
                props,
              );
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
        this.body.push({
          kind: "declare",
          varName,
          notes: props.filter((l) => l.startsWith("//")),
          init: [`Network.fromNetworkName(${q(external)}); // external: created outside this stack`],
        });
      } else {
        this.use("BridgeNetwork");
        const id = this.uniqueId(`${pascal(name)}Network`);
        this.resource(construct(varName, "BridgeNetwork", id, props), "BridgeNetwork", usedBy);
      }
      this.networkVars.set(name, varName);
    }
  }

  private volumes(users: Map<string, Doc[]>): void {
    const declared: Doc = this.doc.volumes ?? {};
    for (const [name, raw] of Object.entries<Doc | null>(declared)) {
      if (!users.has(name)) {
        this.unused("volumes", name, raw);
        continue;
      }
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
          if ((typeof v !== "object" && bool(v)) || (typeof v === "object" && v !== null))
            external = (typeof v === "object" && v.name) || vol.name || name;
          this.mapped(here);
        } else
          this.commented(
            here,
            v,
            k === "driver" ? "only the local volume driver is supported" : `volume ${k} is not supported by Volume`,
            props,
          );
      }
      const varName = this.uniqueVar(camel(pascal(name)) + "Volume");
      if (external !== undefined) {
        this.use("Volume");
        this.body.push({
          kind: "declare",
          varName,
          notes: props.filter((l) => l.startsWith("//")),
          init: [`Volume.fromVolumeName(${q(external)}); // external: created outside this stack`],
        });
      } else {
        this.use("Volume");
        this.resource(
          construct(varName, "Volume", this.uniqueId(`${pascal(name)}Volume`), props),
          "Volume",
          users.get(name)!,
        );
      }
      this.volumeVars.set(name, varName);
    }
  }

  /** Services in an order where each comes after what it depends on (Compose starts them so). */
  private serviceOrder(services: Doc): string[] {
    const deps = (s: Doc): string[] =>
      s.depends_on === undefined ? [] : Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on);
    const order: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (name: string, chain: string[]) => {
      if (state.get(name) === "done") return;
      if (state.get(name) === "visiting")
        throw new ComposeError(`depends_on has a cycle: ${[...chain, name].join(" -> ")}`);
      if (!services[name])
        throw new ComposeError(
          `services.${chain[chain.length - 1]}.depends_on names '${name}', which is not a service`,
        );
      state.set(name, "visiting");
      for (const d of deps(services[name])) visit(d, [...chain, name]);
      state.set(name, "done");
      order.push(name);
    };
    for (const name of Object.keys(services)) visit(name, []);
    for (const [name, s] of Object.entries<Doc>(services)) {
      if (s.depends_on && !Array.isArray(s.depends_on)) {
        for (const [dep, c] of Object.entries<Doc>(s.depends_on)) {
          if (c?.condition === "service_completed_successfully")
            this.depended.set(dep, new Set([...(this.depended.get(dep) ?? []), name]));
          if (c?.condition === "service_healthy" && !hasOwnHealthcheck(services[dep]))
            this.waitsForImageHealthcheck.add(dep);
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
    const at = (...k: string[]) => ["services", name, ...k];
    const b: ServiceBuild = {
      name,
      svc,
      varName,
      props: [],
      env: [],
      envFiles: [],
      tmpfs: {},
      ports: [],
      runtime: [],
      after: [],
    };
    const p = b.props;

    p.push(`image: ${this.r(this.image(name, svc))},`);
    if (name.toLowerCase() !== id.toLowerCase() || !/^[a-z0-9][a-z0-9_.-]*$/.test(name))
      p.push(`serviceName: ${q(name.toLowerCase())},`);
    for (const [k, v] of Object.entries(svc)) {
      const here = at(k);
      try {
        (SERVICE_KEYS[k] ?? OTHER_KEY)({ g: this, s: b, key: k, v, here });
      } catch (err) {
        if (err instanceof ComposeValueError) throw new ComposeError(`${here.join(".")}: ${err.message}`);
        throw err;
      }
    }
    const { env, envFiles, tmpfs, ports, network, healthcheck, runtime } = b;
    const plan = b;
    if (this.depended.has(name)) {
      p.push(
        `mustRun: false, // a one-shot: ${[...this.depended.get(name)!].join(", ")} wait(s) for it to complete successfully`,
      );
    }
    // `environment` wins over env files: an env-file secret it sets again is left to it.
    const keyOf = (l: string) => /^([A-Za-z_$][\w$]*|"(?:[^"\\]|\\.)*"): /.exec(l)?.[1];
    const own = new Set(env.map(keyOf).filter((k) => k !== undefined));
    const fromFiles = envFiles.filter((l) => !own.has(keyOf(l) ?? ""));
    if (env.length || fromFiles.length) p.push("environment: {", ...[...fromFiles, ...env].map((l) => `  ${l}`), "},");
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
    if (this.waitsForImageHealthcheck.has(name)) {
      plan.after.push(
        `${this.r(varName)}.resource.wait = true; // others wait for it to be healthy: the image's HEALTHCHECK, which synth cannot see`,
      );
    }
    this.use("Container");
    const profiles = profilesOf([svc]);
    if (profiles === undefined) {
      this.body.push({ kind: "blank" }, construct(varName, "Container", id, props), {
        kind: "code",
        lines: plan.after,
      });
      return;
    }
    // A service of profiles exists only when one of them is active, as with `docker compose --profile`.
    this.hasProfiles = true;
    this.conditional.add(varName);
    const block: Statement[] = [
      ...this.pendingImages.splice(0),
      construct(varName, "Container", id, props),
      { kind: "code", lines: plan.after },
    ];
    this.body.push({ kind: "blank" }, { kind: "when", varName, varType: "Container", profiles, body: block });
  }

  private image(name: string, svc: Doc): string {
    const at = ["services", name];
    if (svc.build !== undefined) {
      const build: Doc = typeof svc.build === "string" ? { context: svc.build } : svc.build;
      const props: string[] = [];
      const context = build.context ?? ".";
      if (/^[a-z]+:\/\/|^git@|\.git(#.*)?$/.test(context))
        throw new ComposeError(
          `services.${name}.build.context '${context}' is a URL; only local build contexts are supported`,
        );
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
            // Read at synth like other values, but never Terraform variables: build args are part of
            // the content hash, which needs plain strings (Compose bakes them into the image too).
            const args = listOrDict(v);
            const rawArgs = listOrDict(this.rawAt(here));
            const entries = Object.entries(args).map(([a, val]) => {
              if (val === null) return `...${this.envFor(here)}.passThrough(${q(a)})`;
              const t = rawArgs[a];
              return `${key(a)}: ${this.str([...here, a], val, t && variablesIn(t).length ? t : undefined, true)}`;
            });
            props.push(`buildArgs: ${entries.length ? `{ ${entries.join(", ")} }` : "{}"},`);
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
        const repo = String(svc.image)
          .replace(/@sha256:.*$/, "")
          .replace(/:[\w][\w.-]*$/, "");
        if (/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repo)) {
          props.push(`repository: ${q(repo)}, // compose: image ${svc.image}; the tag is the content hash`);
          this.mapped([...at, "image"]);
        } else
          this.commented(
            [...at, "image"],
            svc.image,
            "the image name cannot be an ImmutableImage repository; the default one is used",
            props,
          );
      }
      // Two services that build the same thing share one image (the key path in an error message aside).
      const sig = JSON.stringify({
        context: path.resolve(this.loaded.dir, context),
        props: props.map((l) => l.replace(/, "services\.[^"]*"/g, "")),
      });
      const existing = this.imageVars.get(sig);
      if (existing) return existing;
      this.use("ImmutableImage");
      const varName = this.uniqueVar(`${camel(pascal(name))}Image`);
      const lines = construct(varName, "ImmutableImage", this.uniqueId(`${pascal(name)}Image`), [
        `context: ${this.composePath(context)},`,
        ...props,
      ]);
      // The image of a service of profiles is built only with it.
      if (profilesOf([svc]) !== undefined) this.pendingImages.push(lines);
      else {
        this.body.push(lines);
        this.imageVars.set(sig, varName);
        const dockerfile = path.resolve(
          this.loaded.dir,
          context,
          typeof build.dockerfile === "string" ? build.dockerfile : "Dockerfile",
        );
        this.builds.push({
          varName,
          named: svc.image === undefined ? undefined : withTag(String(svc.image)),
          froms: fromImages(dockerfile),
        });
      }
      return varName;
    }
    if (svc.image === undefined) throw new ComposeError(`services.${name} has neither image nor build`);
    const ref = String(svc.image);
    this.mapped([...at, "image"]);
    // Services share an image when they write the same reference, read with the same environment.
    const sig = JSON.stringify([this.template([...at, "image"]) ?? ref, this.loaded.envOrigin.get(`services.${name}`)]);
    const existing = this.imageVars.get(sig);
    if (existing) return existing;
    this.use("RegistryImage");
    const varName = this.uniqueVar(`${camel(pascal(name))}Image`);
    const props = [`reference: ${this.str([...at, "image"], ref, undefined, true)},`];
    if (isMutable(ref))
      props.push(
        "allowMutableReference: true, // as in the compose file; pin a version or digest for repeatable deploys",
      );
    const lines = construct(varName, "RegistryImage", this.uniqueId(`${pascal(name)}Image`), props);
    if (profilesOf([svc]) !== undefined) this.pendingImages.push(lines);
    else {
      this.body.push(lines);
      this.imageVars.set(sig, varName);
    }
    return varName;
  }

  /**
   * Values written in the compose file stay literals; `${...}` values are read at synth (the code
   * shows the template); an entry without a value is passed from the environment at synth, as
   * Compose passes it at `up`; secrets become sensitive Terraform variables.
   */
  environment(at: string[], v: unknown, env: string[]): void {
    const raw = this.rawAt(at);
    const templates = Array.isArray(raw) ? listOrDict(raw) : undefined;
    for (const [k, val] of Object.entries(listOrDict(v))) {
      if (val === null) {
        if (this.isSecret(k)) env.push(`${key(k)}: ${this.secretVar(k, undefined)}.stringValue,`);
        else env.push(`...${this.envFor(at)}.passThrough(${q(k)}),`);
        continue;
      }
      const t = templates ? (templates[k] ?? undefined) : this.template([...at, k]);
      env.push(`${key(k)}: ${this.str([...at, k], val, t && variablesIn(t).length ? t : undefined)},`);
    }
    this.mapped(at);
  }

  /** Env files come first: `environment` overrides them, as in Compose. */
  envFiles(at: string[], v: unknown, env: string[]): void {
    this.use("readEnvFile");
    const files = (Array.isArray(v) ? v : [v]).map((f: any) => (typeof f === "string" ? { path: f } : f));
    files.forEach((f, i) => {
      // As `docker compose config` does: a required env file must exist when the file is loaded.
      const full = path.resolve(this.loaded.dir, String(f.path));
      const stat = fs.statSync(full, { throwIfNoEntry: false });
      const where = [...at, ...(Array.isArray(v) ? [String(i)] : [])].join(".");
      if (f.required !== false && f.required !== "false" && stat === undefined) {
        throw new ComposeError(
          `${where}: env file '${f.path}' does not exist (resolved to ${full}). Fix: create it, correct the path, or mark it required: false`,
        );
      }
      if (stat !== undefined && !stat.isFile()) {
        throw new ComposeError(
          `${where}: env file '${f.path}' is ${stat.isDirectory() ? "a folder" : "not a regular file"} (resolved to ${full}). Fix: point env_file at a file of NAME=value lines`,
        );
      }
      const expr = `readEnvFile(${this.composePath(f.path)})`;
      if (f.required === false || f.required === "false") {
        this.needsFs = true;
        env.push(`...(fs.existsSync(${this.composePath(f.path)}) ? ${expr} : {}),`);
      } else env.push(`...${expr},`);
      // A secret in the env file reaches Terraform as a sensitive variable, not as the file's text.
      if (stat !== undefined) {
        let names: string[] = [];
        try {
          names = Object.keys(
            parseEnvFile(fs.readFileSync(full, "utf8"), { lookup: (n) => this.environmentFor(at)[n] }),
          );
        } catch (err) {
          throw new ComposeError(`${where}: env file '${f.path}': ${(err as Error).message}`);
        }
        for (const name of names.filter((n) => this.isSecret(n)))
          env.push(`${key(name)}: ${this.secretVar(name, undefined)}.stringValue, // a secret in ${f.path}`);
      }
      if (f.format !== undefined)
        this.commented([...at, String(i), "format"], f.format, "only Compose's own env-file format is read", env);
    });
    this.mapped(at);
  }

  ports(at: string[], v: unknown[], lines: string[]): void {
    const specs: PortSpec[] = [];
    for (const entry of v) {
      if (typeof entry === "object" && entry !== null) {
        const e = entry as Doc;
        const published = e.published === undefined ? undefined : String(e.published);
        specs.push(
          ...parsePortShort(
            `${e.host_ip ? `${e.host_ip.includes(":") ? `[${e.host_ip}]` : e.host_ip}:` : ""}${published ?? ""}${published !== undefined || e.host_ip ? ":" : ""}${e.target}/${e.protocol ?? "tcp"}`,
          ),
        );
        for (const extra of ["mode", "name", "app_protocol"]) {
          if (e[extra] !== undefined && !(extra === "mode" && e.mode === "host"))
            this.commented([...at, extra], e[extra], `port ${extra} is not expressible`, lines);
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
    // Mapped, but not to the same thing: the summary counts it apart.
    if (open) this.uses.push({ key: this.generic(at), path: at.join("."), status: "changed" });
    else this.mapped(at);
  }

  restart(at: string[], value: string, p: string[]): void {
    this.use("RestartPolicy");
    const m = /^on-failure(?::(\d+))?$/.exec(value);
    if (m) {
      p.push("restartPolicy: RestartPolicy.ON_FAILURE,");
      if (m[1] !== undefined && Number(m[1]) > 0) p.push(`maxRestartRetries: ${Number(m[1])},`);
    } else if (["no", "always", "unless-stopped"].includes(value)) {
      p.push(
        `restartPolicy: RestartPolicy.${value === "no" ? "NO" : value === "always" ? "ALWAYS" : "UNLESS_STOPPED"},`,
      );
    } else throw new ComposeError(`${at.join(".")}: unknown restart policy '${value}'`);
    this.mapped(at);
  }

  dependsOn(at: string[], v: unknown, p: string[]): void {
    const entries: [string, Doc][] = Array.isArray(v)
      ? v.map((d: string) => [d, { condition: "service_started" }])
      : Object.entries<Doc>(v as Doc);
    const items: string[] = [];
    for (const [dep, opts] of entries) {
      const target = this.r(this.serviceVars.get(dep)!);
      const condition = opts.condition ?? "service_started";
      let name =
        condition === "service_healthy"
          ? "HEALTHY"
          : condition === "service_completed_successfully"
            ? "COMPLETED_SUCCESSFULLY"
            : "STARTED";
      if (name === "HEALTHY" && !hasOwnHealthcheck(this.doc.services[dep])) {
        // The image's HEALTHCHECK, which synth cannot see: wait for it at deploy through the
        // provider's `wait`, as Compose waits for it (the deploy fails if the image has none).
        name = "STARTED";
        this.warnings.push(
          `warning: ${[...at, dep].join(".")}: service_healthy on ${dep}, whose healthcheck comes from its image: synth cannot see it, deploy waits for it (and fails if the image has none)`,
        );
      }
      if (name !== "STARTED") this.use("DependencyCondition");
      const item =
        name === "STARTED"
          ? `{ container: ${target} }`
          : `{ container: ${target}, condition: DependencyCondition.${name} }`;
      // A service of an inactive profile does not exist: the dependency is left out with it.
      items.push(this.conditional.has(target) ? `...(${target} ? [${item}] : [])` : item);
      this.mapped(Array.isArray(v) ? at : [...at, dep, "condition"]);
      if (!Array.isArray(v)) {
        for (const extra of Object.keys(opts).filter((o) => o !== "condition")) {
          if (extra === "required" && opts.required !== false) this.mapped([...at, dep, extra]);
          else
            this.commented(
              [...at, dep, extra],
              opts[extra],
              extra === "restart"
                ? "dependents are not restarted with their dependency"
                : `depends_on ${extra} is not expressible`,
              p,
            );
        }
      }
    }
    p.push(`dependsOn: [${items.join(", ")}],`);
  }

  healthcheck(at: string[], v: Doc, p: string[]): string | undefined {
    if (!hasOwnHealthcheck({ healthcheck: v })) {
      if (v.test === undefined && !bool(v.disable))
        this.commented(
          at,
          v,
          "a healthcheck without test only changes the image's timings, which is not expressible",
          p,
        );
      else this.commented(at, v, "turning off the image's healthcheck is not expressible", p);
      return undefined;
    }
    const test = v.test;
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

  serviceNetworks(at: string[], v: unknown, varName: string, after: string[]): { lines: string[] } {
    const entries: [string, Doc | null][] = Array.isArray(v)
      ? v.map((n: string) => [n, null])
      : Object.entries<Doc | null>(v as Doc);
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
        lines.push(`network: ${netVar === DEFAULT_NETWORK ? netVar : this.resourceRef(netVar)},`);
        if (o.length) lines.push(`networkOptions: { ${o.join(", ")} },`);
      } else
        after.push(
          `${this.r(varName)}.joinNetwork(${netVar === DEFAULT_NETWORK ? netVar : this.resourceRef(netVar)}${o.length ? `, { ${o.join(", ")} }` : ""});`,
        );
    });
    this.mapped(at);
    return { lines };
  }

  mounts(at: string[], v: unknown[], varName: string, after: string[], tmpfs: Record<string, string>): void {
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
        const extra = mode
          .split(",")
          .filter((m) => m && !["ro", "rw", "cached", "delegated", "consistent"].includes(m));
        if (extra.length)
          this.commented([...here, "mode"], extra, "bind options other than ro/rw are not expressible", after);
        type = source === undefined ? "anonymous" : /^[./~]/.test(source) ? "bind" : "volume";
      } else {
        const e = entry as Doc;
        type = e.type;
        source = e.source;
        target = e.target;
        readOnly = bool(e.read_only);
        for (const k of Object.keys(e).filter(
          (k) => !["type", "source", "target", "read_only", "consistency"].includes(k),
        )) {
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
        // Checked against the rules here as Compose would run it; the code resolves it again at synth.
        const hostPath = source!.startsWith("~") ? source!.replace(/^~/, process.env.HOME ?? "/root") : source!;
        const options: string[] = [];
        if (readOnly !== ((this.options.defaults ?? "compose") === "hardened")) options.push(`readOnly: ${readOnly}`);
        const absolute = path.resolve(this.loaded.dir, hostPath);
        if (sensitiveMountReason(absolute)) {
          options.push("allowSensitive: true");
          after.push(
            `// ${here.join(".")}: ${sensitiveMountReason(absolute)}; Compose allows it, the audit reports it`,
          );
        }
        after.push(
          `${this.r(varName)}.mountHostPath(${q(target)}, ${this.hostPath(here, entry, source!)}${options.length ? `, { ${options.join(", ")} }` : ""});`,
        );
        this.mapped(here);
      } else if (type === "volume") {
        const volVar = this.volumeVars.get(source!);
        if (!volVar)
          throw new ComposeError(`${here.join(".")} uses volume '${source}', which volumes: does not declare`);
        after.push(
          `${this.r(varName)}.mountVolume(${q(target)}, ${this.resourceRef(volVar)}${readOnly ? ", { readOnly: true }" : ""});`,
        );
        this.mapped(here);
      } else if (type === "tmpfs") {
        const t = (entry as Doc).tmpfs ?? {};
        const opts = [
          t.size !== undefined ? `size=${parseBytes(t.size)}` : "",
          t.mode !== undefined ? `mode=${typeof t.mode === "number" ? t.mode.toString(8) : t.mode}` : "",
        ].filter(Boolean);
        tmpfs[target] = opts.join(",");
        this.mapped(here);
      } else
        this.commented(
          here,
          entry,
          type === "anonymous"
            ? "anonymous volumes are not expressible: declare a named volume"
            : `${type} mounts are not expressible`,
          after,
        );
    });
  }

  memory(at: string[], v: unknown, prop: string, p: string[]): void {
    const mib = parseBytes(v as string) / 1048576;
    p.push(`${prop}: ${Math.ceil(mib)},${Number.isInteger(mib) ? "" : ` // ${v} rounded up to whole MiB`}`);
    this.mapped(at);
  }

  extraHosts(at: string[], v: unknown, lines: string[]): void {
    const hosts: Record<string, string> = {};
    const add = (host: string, ip: string) => {
      if (hosts[host] !== undefined)
        this.commented([...at, host], ip, "a second address for one host name is not expressible", lines);
      else hosts[host] = ip;
    };
    if (Array.isArray(v)) {
      for (const e of v as string[]) {
        const sep = e.search(/[:=]/);
        add(e.slice(0, sep), e.slice(sep + 1));
      }
    } else
      for (const [h, ip] of Object.entries<any>(v as Doc))
        (Array.isArray(ip) ? ip : [ip]).forEach((x: string) => add(h, x));
    lines.push(`extraHosts: ${record(hosts)},`);
    this.mapped(at);
  }

  deploy(at: string[], v: Doc, p: string[]): void {
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
            } else
              this.commented(
                leaf,
                rv,
                kind === "limits" && rk === "pids"
                  ? "provider 3.6.2 has no pids_limit"
                  : `deploy.resources.${kind}.${rk} is not expressible (no reservations in provider 3.6.2)`,
                p,
              );
          }
        }
      } else if (k === "restart_policy") {
        for (const [rk, rv] of Object.entries<any>(val ?? {})) {
          const leaf = [...here, rk];
          if (rk === "condition") {
            this.use("RestartPolicy");
            p.push(
              `restartPolicy: RestartPolicy.${rv === "none" ? "NO" : rv === "on-failure" ? "ON_FAILURE" : "ALWAYS"},`,
            );
            this.mapped(leaf);
          } else if (rk === "max_attempts") {
            p.push(`maxRestartRetries: ${Number(rv)},`);
            this.mapped(leaf);
          } else this.commented(leaf, rv, `restart ${rk} is not expressible with Docker's restart policies`, p);
        }
      } else if (k === "replicas" && Number(val) === 1) this.mapped(here);
      else
        this.commented(
          here,
          val,
          k === "replicas"
            ? "one container per service: create more Containers for replicas"
            : `deploy.${k} is for Swarm and has no meaning here`,
          p,
        );
    }
  }

  // ---- output ------------------------------------------------------------------------------

  /** The model of the stack, written out by the emitter. */
  private module(): string {
    const out = path.resolve(this.options.outFile);
    let composeRel = path.relative(path.dirname(out), this.loaded.dir).split(path.sep).join("/") || ".";
    if (!composeRel.startsWith(".")) composeRel = `./${composeRel}`;
    if (this.needsEnv) {
      this.needsPath = true;
      this.use("ComposeEnvironment");
    }
    const fromCdktf = (s: string) => s === "TerraformVariable" || s === "dependable";
    const sorted = (names: string[]) => names.sort((a, b) => a.localeCompare(b));
    return emitStack({
      sources: this.loaded.files.map((f) => path.basename(f)),
      composeRel,
      className: this.options.className,
      defaultsProfile: (this.options.defaults ?? "compose") === "hardened" ? "HARDENED" : "COMPOSE",
      namePrefix: this.doc.name === undefined ? undefined : String(this.doc.name),
      librarySymbols: sorted([...this.symbols].filter((s) => !fromCdktf(s))),
      cdktfSymbols: sorted([...this.symbols].filter(fromCdktf)),
      needs: { fs: this.needsFs, os: this.needsOs, path: this.needsPath, composeEnv: this.needsEnv },
      includeEnvs: this.includeEnvDecls,
      header: this.header,
      profiles: this.hasProfiles ? this.activeProfiles() : undefined,
      secrets: [...this.secretVars].map(([name, varName]) => ({ name, varName, default: this.secretDefault(name) })),
      body: this.body,
      refs: this.refs,
    });
  }

  /** The profiles active by default: `--profile` when imported, else COMPOSE_PROFILES, as Compose reads them. */
  private activeProfiles(): string[] {
    if (this.options.profiles?.length) return this.options.profiles;
    const fromEnv = this.loaded.environment.COMPOSE_PROFILES;
    return fromEnv
      ? fromEnv
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  }
}

/** An image reference with Docker's default tag when it has none. */
function withTag(ref: string): string {
  return /@sha256:|:[\w][\w.-]*$/.test(ref.replace(/^[^/]*:\d+\//, "")) ? ref : `${ref}:latest`;
}

/** The images a Dockerfile's stages start FROM (not earlier stages, not `${ARG}`s), with tags. */
function fromImages(dockerfile: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(dockerfile, "utf8");
  } catch {
    return []; // the library reports a missing Dockerfile at synth
  }
  const stages = new Set<string>();
  const images: string[] = [];
  for (const m of text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/gim)) {
    if (!stages.has(m[1].toLowerCase()) && !m[1].includes("$")) images.push(withTag(m[1]));
    if (m[2]) stages.add(m[2].toLowerCase());
  }
  return images;
}

/**
 * The default a template writes for the variable (`${NAME:-d}`, `${NAME-d}`) when it is a
 * literal (no `$`); undefined when it writes none, another operator, or one that reads variables.
 */
export function literalDefault(template: string, name: string): string | undefined {
  const found = [
    ...template.replace(/\$\$/g, "").matchAll(/\$(?:\{([_a-zA-Z][_a-zA-Z0-9]*)(:?[-?+])?|([_a-zA-Z][_a-zA-Z0-9]*))/g),
  ].filter((m) => (m[1] ?? m[3]) === name);
  if (found.length !== 1 || !found[0][2] || !found[0][2].endsWith("-")) return undefined;
  // The default runs to the brace that closes this `${`; one with `$` in it is not a literal.
  const start = found[0].index! + found[0][0].length;
  const end = template.indexOf("}", start);
  const text = end < 0 ? undefined : template.slice(start, end);
  return text === undefined || text.includes("$") ? undefined : text;
}

/** The text before the first `:` that is not inside `${...}` (a volume's source as written). */
function firstField(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "$" && text[i + 1] === "{") {
      depth++;
      i++;
    } else if (text[i] === "}" && depth > 0) depth--;
    else if (text[i] === ":" && depth === 0) return text.slice(0, i);
  }
  return text;
}

/**
 * The profiles under which any of these services is created, sorted; undefined when one of
 * them is always created (no `profiles`, or an empty list, as in Compose).
 */
function profilesOf(services: Doc[]): string[] | undefined {
  const lists = services.map((svc) => ((svc?.profiles ?? []) as unknown[]).map(String));
  if (lists.some((l) => l.length === 0)) return undefined;
  return [...new Set(lists.flat())].sort();
}

/** The named volumes a service mounts (short syntax `name:/path`, or long syntax type volume). */
function serviceVolumeNames(svc: Doc): string[] {
  return ((svc?.volumes ?? []) as unknown[]).flatMap((v) => {
    if (typeof v === "string") {
      const parts = v.split(":");
      return parts.length > 1 && !/^[./~]/.test(parts[0]) ? [parts[0]] : [];
    }
    const e = v as Doc;
    return e?.type === "volume" && typeof e.source === "string" && e.source !== "" ? [e.source] : [];
  });
}

/** Whether the compose file gives the service a healthcheck of its own (not disabled, with a test). */
function hasOwnHealthcheck(svc: Doc | undefined): boolean {
  const h = svc?.healthcheck;
  if (!h || h.test === undefined || bool(h.disable)) return false;
  return !(Array.isArray(h.test) && h.test[0] === "NONE");
}

/** `new <cls>(this, "<id>", { props })` as a declaration; props that are only comments go above it. */
function construct(varName: string, cls: string, id: string, props: string[]): Declaration {
  if (!props.some((l) => !l.startsWith("//")))
    return { kind: "declare", varName, notes: props, init: [`new ${cls}(this, ${q(id)});`] };
  return {
    kind: "declare",
    varName,
    notes: [],
    init: [`new ${cls}(this, ${q(id)}, {`, ...props.map((l) => `  ${l}`), "});"],
  };
}
