/**
 * Swarm services in the CIS audit: a `docker_service` is described in the shape of a
 * `docker_container`, so the same rules check it, and the rules Swarm cannot express are
 * reported as unsupported instead of failed.
 */
type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MIB = 1024 * 1024;

/** Rules provider 3.6.2's docker_service has no field for. */
export const SERVICE_UNSUPPORTED: Record<string, string> = {
  "5.25":
    "docker_service has no security options, so no-new-privileges cannot be declared for Swarm tasks (the daemon's --no-new-privileges flag sets it for every container)",
};

/** The container-shaped view of a docker_service the audit's rules read. */
export function serviceAsContainer(service: Config): Config {
  const task = first(service.task_spec) ?? {};
  const spec = first(task.container_spec) ?? {};
  const limits = first(first(task.resources)?.limits) ?? {};
  const restart = first(task.restart_policy) ?? {};
  const ports = list(first(service.endpoint_spec)?.ports);
  const condition = String(restart.condition ?? "any");
  return {
    name: service.name,
    labels: service.labels,
    user: spec.user,
    capabilities: [{ drop: spec.cap_drop ?? [], add: spec.cap_add ?? [] }],
    privileged: false, // Swarm services cannot be privileged
    volumes: list(spec.mounts)
      .filter((m) => m.type === "bind")
      .map((m) => ({ host_path: m.source, container_path: m.target })),
    // No host IP in Swarm: a published port listens on every interface of the node.
    ports: ports.map((p) => ({ internal: p.target_port, external: p.published_port })),
    network_mode: "bridge",
    networks_advanced: list(task.networks_advanced).map((n) => ({ name: n.name ?? n.id })),
    memory: limits.memory_bytes ? Number(limits.memory_bytes) / MIB : undefined,
    // Swarm has no CPU shares; a CPU limit (nano_cpus) is what 5.11 asks for there.
    cpu_shares: limits.nano_cpus,
    read_only: spec.read_only,
    restart: condition === "none" ? "no" : condition,
    max_retry_count: restart.max_attempts,
  };
}

function list(value: unknown): Config[] {
  return Array.isArray(value) ? value : [];
}

function first(value: unknown): Config | undefined {
  return Array.isArray(value) ? value[0] : (value as Config | undefined);
}
