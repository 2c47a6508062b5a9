/** A value Compose would refuse (a malformed size, duration, port, quote...): the caller adds where it is. */
export class ComposeValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ComposeValueError";
  }
}

/**
 * Parsers for the value syntaxes Compose files use, each as Compose (compose-go, go-units,
 * go-shellwords) reads them.
 */

/** Splits a command string into words as Compose does (go-shellwords: quotes and backslashes, no expansion). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) word += line[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new ComposeValueError(`unterminated ${quote} quote in ${JSON.stringify(line)}`);
  if (inWord) words.push(word);
  return words;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's time.ParseDuration ("1m30s", "1.5s", "100ms"), in seconds. */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (s === "0") return 0;
  const re = /([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    consumed += m[0].length;
  }
  if (consumed !== s.length || consumed === 0)
    throw new ComposeValueError(`invalid duration ${JSON.stringify(text)} (write e.g. 10s or 1m30s)`);
  return total;
}

/** docker/go-units RAMInBytes: binary multiples, b/k/m/g/t/p with an optional b, any case. */
export function parseBytes(value: string | number): number {
  if (typeof value === "number") return value;
  const m = /^\s*([0-9]*\.?[0-9]+)\s*([kmgtp]?)(i?b)?\s*$/i.exec(value);
  if (!m) throw new ComposeValueError(`invalid size ${JSON.stringify(value)} (use e.g. 512m or 1g)`);
  const power = " kmgtp".indexOf((m[2] || " ").toLowerCase());
  return Math.round(Number(m[1]) * 1024 ** power);
}

/** A list of `KEY=VALUE` (or `KEY`) strings or a mapping, as a map (null for keys without value). */
export function listOrDict(value: unknown, separator = "="): Record<string, string | null> {
  if (Array.isArray(value)) {
    const out: Record<string, string | null> = {};
    for (const item of value as string[]) {
      const at = item.indexOf(separator);
      if (at < 0) out[item] = null;
      else out[item.slice(0, at)] = item.slice(at + 1);
    }
    return out;
  }
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>))
    out[k] = v === null || v === undefined ? null : String(v);
  return out;
}

/** One published port, expanded from Compose's short or long syntax. */
export interface PortSpec {
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly hostIp?: string;
  readonly protocol: string;
}

function range(text: string): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new ComposeValueError(`invalid port ${JSON.stringify(text)}`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (to < from) throw new ComposeValueError(`invalid port range ${JSON.stringify(text)}`);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Compose's short syntax `[[HOST_IP:][HOST_PORT]:]CONTAINER_PORT[/PROTOCOL]`, ranges expanded. */
export function parsePortShort(spec: string | number): PortSpec[] {
  const text = String(spec);
  const slash = text.lastIndexOf("/");
  const protocol = slash >= 0 ? text.slice(slash + 1) : "tcp";
  let rest = slash >= 0 ? text.slice(0, slash) : text;
  let hostIp: string | undefined;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2];
  }
  const parts = rest.split(":");
  if (!v6 && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2) throw new ComposeValueError(`invalid port ${JSON.stringify(text)}`);
  const containerPorts = range(parts[parts.length - 1]);
  const hostPorts = parts.length === 2 && parts[0] !== "" ? range(parts[0]) : undefined;
  if (hostPorts && hostPorts.length !== containerPorts.length) {
    if (containerPorts.length !== 1)
      throw new ComposeValueError(
        `port ranges of different length in ${JSON.stringify(text)} (give as many host ports as container ports)`,
      );
    // "8000-8010:80" lets Docker pick one host port of the range; the first one is taken here.
    return [{ containerPort: containerPorts[0], hostPort: hostPorts[0], hostIp: hostIp || undefined, protocol }];
  }
  return containerPorts.map((containerPort, i) => ({
    containerPort,
    hostPort: hostPorts?.[i],
    hostIp: hostIp || undefined,
    protocol,
  }));
}

/** A boolean as compose-go reads one (its toBoolean: y/yes/true/on and n/no/false/off, any case); absent is false. */
export function composeBool(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (value === undefined || value === null) return false;
  const s = String(value).toLowerCase();
  if (["y", "yes", "true", "on"].includes(s)) return true;
  if (["n", "no", "false", "off"].includes(s)) return false;
  throw new ComposeValueError(`invalid boolean ${JSON.stringify(value)} (use true or false)`);
}
