// The table `docker-iac ps` prints, in the columns `docker compose ps` users know.
import type { PortRow, PsRow } from "./rows";

/** "127.0.0.1:18080->8080/tcp", as docker ps writes a binding ("*:" for Swarm's routing mesh). */
export function formatPort(p: PortRow): string {
  const host = p.hostIp === "" ? "*" : p.hostIp.includes(":") ? `[${p.hostIp}]` : p.hostIp;
  return `${host}:${p.hostPort}->${p.containerPort}/${p.protocol}`;
}

/** The STATE column: a service adds its task count, e.g. "running (3/3)". */
function state(row: PsRow): string {
  return row.replicas ? `${row.state} (${row.replicas.running}/${row.replicas.desired})` : row.state;
}

export function formatTable(rows: readonly PsRow[]): string {
  const header = ["NAME", "STACK", "KIND", "STATE", "HEALTH", "IMAGE", "PORTS"];
  const cells = rows.map((r) => [
    r.name,
    r.stack,
    r.kind,
    state(r),
    r.health,
    r.image || "-",
    r.ports.map(formatPort).join(", "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((text, i) => (i === c.length - 1 ? text : text.padEnd(widths[i])))
      .join("   ")
      .trimEnd();
  return [line(header), ...cells.map(line)].join("\n") + "\n";
}
