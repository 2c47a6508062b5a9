/**
 * How Compose merges compose files (`-f a -f b`) and a service with the one it `extends`
 * (compose-spec "Merge and override", compose-go's override package): mappings merge key by key,
 * the later file winning; `command`, `entrypoint` and `healthcheck.test` are replaced; `volumes`
 * merge by container path; other sequences are appended without duplicates.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

/** Keys written as a list of `KEY=VALUE` or a mapping; merged as mappings. */
const LIST_OR_DICT = new Set(["environment", "labels", "sysctls", "annotations"]);
/** Sequences whose later value replaces the earlier one. */
const REPLACED = new Set(["command", "entrypoint"]);

function isMap(v: unknown): v is Doc {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function toDict(v: unknown): Doc {
  if (!Array.isArray(v)) return { ...(v as Doc) };
  const out: Doc = {};
  for (const item of v as string[]) {
    const at = String(item).indexOf("=");
    if (at < 0) out[item] = null;
    else out[String(item).slice(0, at)] = String(item).slice(at + 1);
  }
  return out;
}

function dependsOnDict(v: unknown): Doc {
  if (!Array.isArray(v)) return { ...(v as Doc) };
  return Object.fromEntries((v as string[]).map((d) => [d, { condition: "service_started" }]));
}

function networksDict(v: unknown): Doc {
  if (!Array.isArray(v)) return { ...(v as Doc) };
  return Object.fromEntries((v as string[]).map((n) => [n, null]));
}

function mountTarget(v: unknown): string {
  if (typeof v === "string") {
    const parts = v.split(":");
    return parts.length === 1 ? parts[0] : parts[1];
  }
  return String((v as Doc)?.target);
}

function appendUnique(a: unknown[], b: unknown[]): unknown[] {
  const seen = new Set(a.map((x) => JSON.stringify(x)));
  return [...a, ...b.filter((x) => !seen.has(JSON.stringify(x)))];
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

/** Deep merge of mappings, the override winning; sequences appended without duplicates. */
function mergeValue(base: unknown, override: unknown): unknown {
  if (isMap(base) && isMap(override)) {
    const out: Doc = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = k in base ? mergeValue(base[k], v) : v;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(override)) return appendUnique(base, override);
  return override;
}

/** A service over the one before it (an earlier file, or the service it extends). */
export function mergeServices(base: Doc, override: Doc): Doc {
  const out: Doc = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (!(k in base) || base[k] === null || v === null) out[k] = v;
    else if (REPLACED.has(k)) out[k] = v;
    else if (LIST_OR_DICT.has(k)) out[k] = { ...toDict(base[k]), ...toDict(v) };
    else if (k === "depends_on") out[k] = mergeValue(dependsOnDict(base[k]), dependsOnDict(v));
    else if (k === "networks") out[k] = mergeValue(networksDict(base[k]), networksDict(v));
    else if (k === "volumes") {
      const byTarget = new Map<string, unknown>();
      for (const m of [...asList(base[k]), ...asList(v)]) byTarget.set(mountTarget(m), m);
      out[k] = [...byTarget.values()];
    } else if (k === "build") {
      const b = typeof base[k] === "string" ? { context: base[k] } : base[k];
      const o = typeof v === "string" ? { context: v } : v;
      out[k] = {
        ...b,
        ...o,
        ...(b.args || o.args ? { args: { ...toDict(b.args ?? {}), ...toDict(o.args ?? {}) } } : {}),
      };
    } else if (k === "healthcheck" && isMap(base[k]) && isMap(v)) out[k] = { ...base[k], ...v };
    else if (k === "env_file" || k === "dns" || k === "dns_search" || k === "tmpfs")
      out[k] = appendUnique(asList(base[k]), asList(v));
    else out[k] = mergeValue(base[k], v);
  }
  return out;
}

/** A later compose file over an earlier one. */
export function mergeTopLevel(base: Doc, override: Doc): Doc {
  const out: Doc = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (k === "services" && isMap(base.services) && isMap(v)) {
      const services: Doc = { ...base.services };
      for (const [name, svc] of Object.entries<Doc>(v))
        services[name] = name in services && services[name] && svc ? mergeServices(services[name], svc) : svc;
      out.services = services;
    } else out[k] = k in base ? mergeValue(base[k], v) : v;
  }
  return out;
}
