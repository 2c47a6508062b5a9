/** Small writers of TypeScript source text, shared by the generator, its key table and the emitter. */

/** A string literal. */
export const q = (s: string): string => JSON.stringify(s);

/** A property name: bare when it is an identifier, quoted otherwise. */
export const key = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : q(k));

/** A PascalCase identifier for a compose name (`my-db` -> `MyDb`). */
export const pascal = (name: string): string => {
  const p = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
  return /^[0-9]/.test(p) ? `S${p}` : p || "Service";
};

export const camel = (id: string): string => id[0].toLowerCase() + id.slice(1);

/** A value shown in a comment: short, on one line, unable to end the comment. */
export const brief = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return (s.length > 160 ? `${s.slice(0, 157)}...` : s).replace(/\*\//g, "* /").replace(/\n/g, " ");
};

/** An array of string literals. */
export function list(values: string[]): string {
  return `[${values.map((v) => q(String(v))).join(", ")}]`;
}

/** An object of string literals (entries without value left out). */
export function record(values: Record<string, string | null>): string {
  const entries = Object.entries(values).filter(([, v]) => v !== null);
  if (!entries.length) return "{}";
  return `{ ${entries.map(([k, v]) => `${key(k)}: ${q(String(v))}`).join(", ")} }`;
}
