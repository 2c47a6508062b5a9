import type { TerraformStack } from "cdktf";
import { WAIVER_LABEL_PREFIX } from "./label-names";
import { mountsDockerSocket, sensitiveMountReason } from "./private/security";
import { SERVICE_UNSUPPORTED, serviceAsContainer } from "./private/service-audit";
import { checkKnownProps } from "./private/validation/known-props";
import { checkOptions, FORMAT_AUDIT_OPTIONS_SCHEMA } from "./private/validation/option-schemas";
import { schemaKeys } from "./private/validation/schema";

/** pass / fail; waived = failed but deliberately accepted with a reason; unsupported = the provider cannot express it. */
export type AuditStatus = "pass" | "fail" | "waived" | "unsupported";

export interface AuditFinding {
  readonly rule: string;
  readonly title: string;
  readonly status: AuditStatus;
  readonly reason: string;
}

export interface ContainerAudit {
  readonly path: string;
  readonly containerName: string;
  readonly findings: AuditFinding[];
}

export interface AuditReport {
  readonly stack: string;
  readonly containers: ContainerAudit[];
  /** Findings with status fail, over all containers. */
  readonly failed: number;
}

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** [passes, what the configuration says, and for a failure the library chose on purpose: why]. */
type Check = (c: Config) => [boolean, string, string?];

/** CIS Docker Benchmark v1.6 rules the library checks on the synthesized docker_container. */
const RULES: { rule: string; title: string; check: Check }[] = [
  {
    rule: "4.1",
    title: "run as a non-root user",
    check: (c) => {
      const user = String(c.user ?? "");
      return [user !== "" && !/^(0|root)(:|$)/.test(user), `user is '${user || "(image default, often root)"}'`];
    },
  },
  {
    rule: "5.3",
    title: "drop all capabilities, add back only what is needed",
    check: (c) => {
      const caps = first(c.capabilities) ?? {};
      const drop: string[] = caps.drop ?? [];
      return [drop.includes("ALL"), `drop=[${drop.join(",")}] add=[${(caps.add ?? []).join(",")}]`];
    },
  },
  {
    rule: "5.4",
    title: "no privileged container",
    check: (c) => [c.privileged !== true, `privileged=${c.privileged ?? false}`],
  },
  {
    rule: "5.5",
    title: "no sensitive host system folders mounted",
    check: (c) => {
      const bad = list(c.volumes)
        .map((v) => v.host_path)
        .filter((p): p is string => !!p && !!sensitiveMountReason(p));
      return [bad.length === 0, bad.length ? `mounts ${bad.join(", ")}` : "no sensitive host paths"];
    },
  },
  {
    rule: "5.7",
    title: "no privileged host ports (< 1024)",
    check: (c) => {
      const low = list(c.ports).filter((p) => typeof p.external === "number" && p.external < 1024);
      return [
        low.length === 0,
        low.length ? `host ports ${low.map((p) => p.external).join(", ")}` : "all host ports >= 1024 or none",
      ];
    },
  },
  {
    rule: "5.9",
    title: "host network namespace not shared",
    check: (c) => [c.network_mode !== "host", `network_mode=${c.network_mode ?? "bridge"}`],
  },
  {
    rule: "5.10",
    title: "memory limited",
    check: (c) => [Number(c.memory) > 0, `memory=${c.memory ?? "unlimited"} MiB`],
  },
  {
    rule: "5.11",
    title: "CPU priority set",
    check: (c) => [Number(c.cpu_shares) > 0, `cpu_shares=${c.cpu_shares ?? "default"}`],
  },
  {
    rule: "5.12",
    title: "root filesystem mounted read-only",
    check: (c) => [c.read_only === true, `read_only=${c.read_only ?? false}`],
  },
  {
    rule: "5.13",
    title: "incoming traffic bound to a specific host interface",
    check: (c) => {
      const open = list(c.ports).filter((p) => !p.ip || p.ip === "0.0.0.0" || p.ip === "::");
      return [
        open.length === 0,
        open.length
          ? `ports ${open.map((p) => p.internal).join(", ")} on every interface`
          : "all ports on specific addresses or none",
      ];
    },
  },
  { rule: "5.14", title: "restart policy on-failure with at most 5 retries (or no restart)", check: restartCheck },
  {
    rule: "5.15",
    title: "host PID namespace not shared",
    check: (c) => [c.pid_mode !== "host", `pid_mode=${c.pid_mode ?? "private"}`],
  },
  {
    rule: "5.16",
    title: "host IPC namespace not shared",
    check: (c) => [c.ipc_mode !== "host", `ipc_mode=${c.ipc_mode ?? "private"}`],
  },
  {
    rule: "5.17",
    title: "no host devices exposed",
    check: (c) => [list(c.devices).length === 0, `${list(c.devices).length} devices`],
  },
  {
    rule: "5.21",
    title: "default seccomp profile kept",
    check: (c) => {
      const off = (c.security_opts ?? []).some((o: string) => /seccomp[:=]unconfined/.test(o));
      return [!off, off ? "seccomp=unconfined" : "default seccomp"];
    },
  },
  {
    rule: "5.24",
    title: "cgroup not overridden",
    check: (c) => [!c.cgroup_parent, `cgroup_parent=${c.cgroup_parent ?? "default"}`],
  },
  {
    rule: "5.25",
    title: "no-new-privileges",
    check: (c) => {
      const on = (c.security_opts ?? []).some((o: string) => /^no-new-privileges(:true|=true)?$/.test(o));
      return [on, `security_opts=[${(c.security_opts ?? []).join(",")}]`];
    },
  },
  {
    rule: "5.29",
    title: "not on Docker's default bridge network",
    check: (c) => {
      const names = list(c.networks_advanced).map((n) => String(n.name));
      const onDefault = (c.network_mode === "bridge" || c.network_mode === undefined) && names.length === 0;
      return [
        !onDefault && !names.includes("bridge"),
        names.length ? `networks ${names.join(", ")}` : `network_mode=${c.network_mode}`,
      ];
    },
  },
  {
    rule: "5.31",
    title: "Docker socket not mounted",
    check: (c) => {
      const sock = list(c.volumes).some(
        (v) => typeof v.host_path === "string" && (v.host_path === "/" || mountsDockerSocket(v.host_path)),
      );
      return [!sock, sock ? "mounts the Docker socket" : "no Docker socket"];
    },
  },
];

/** Rules the provider cannot express at all, reported instead of pretended. */
const UNSUPPORTED: AuditFinding[] = [
  {
    rule: "5.28",
    title: "PIDs cgroup limit",
    status: "unsupported",
    reason:
      "docker_container in provider 3.6.2 has no pids_limit attribute, so `--pids-limit` cannot be declared; limit PIDs outside Terraform (e.g. a cgroup parent with pids.max)",
  },
  {
    rule: "5.1/5.2",
    title: "AppArmor / SELinux profile",
    status: "unsupported",
    reason: "depends on the host's LSM; Docker applies docker-default where AppArmor is on; not checked here",
  },
];

/**
 * Audits every docker_container and docker_service (Swarm) in the stack's synthesized
 * configuration: the JSON that `cdktf synth` writes, so escape-hatch overrides
 * (`container.resource.addOverride(...)`, `stack.addOverride(...)`) are audited like props.
 */
export function auditStack(stack: TerraformStack): AuditReport {
  // Through JSON, as synth writes it: what an override merged in but JSON drops (a key set
  // on a list) must not count, and what it added must.
  const tf = JSON.parse(JSON.stringify(stack.toTerraform())) as Config;
  const containers: ContainerAudit[] = [];
  const audit = (config: Config, path: string, unsupported: Record<string, string>) => {
    const waivers = waiversOf(config);
    const findings: AuditFinding[] = RULES.map(({ rule, title, check }) => {
      if (unsupported[rule]) return { rule, title, status: "unsupported", reason: unsupported[rule] };
      const [ok, detail, chosen] = check(config);
      if (ok) return { rule, title, status: "pass", reason: detail };
      const waiver = waivers[rule] ?? chosen;
      return waiver
        ? { rule, title, status: "waived", reason: `${detail}; waived: ${waiver}` }
        : { rule, title, status: "fail", reason: detail };
    });
    containers.push({ path, containerName: String(config.name), findings: [...findings, ...UNSUPPORTED] });
  };
  for (const config of Object.values<Config>(tf.resource?.docker_container ?? {})) {
    audit(config, config["//"]?.metadata?.path ?? "?", {});
  }
  for (const config of Object.values<Config>(tf.resource?.docker_service ?? {})) {
    audit(serviceAsContainer(config), config["//"]?.metadata?.path ?? "?", SERVICE_UNSUPPORTED);
  }
  const failed = containers.reduce((n, c) => n + c.findings.filter((f) => f.status === "fail").length, 0);
  return { stack: stack.node.id, containers, failed };
}

/** A plain-text table, one block per container. */
export function formatAudit(report: AuditReport, options: { onlyFailures?: boolean } = {}): string {
  checkKnownProps("formatAudit", "formatAudit options", options, schemaKeys(FORMAT_AUDIT_OPTIONS_SCHEMA));
  checkOptions("formatAudit", "formatAudit options", FORMAT_AUDIT_OPTIONS_SCHEMA, options);
  const lines: string[] = [];
  for (const c of report.containers) {
    lines.push(`${c.path} (${c.containerName})`);
    for (const f of c.findings) {
      if (options.onlyFailures && f.status !== "fail") continue;
      lines.push(`  ${f.status.toUpperCase().padEnd(11)} CIS ${f.rule.padEnd(7)} ${f.title}: ${f.reason}`);
    }
  }
  return lines.join("\n");
}

/**
 * CIS 5.14 asks for on-failure with at most 5 retries. A long-running container gets
 * unless-stopped instead: the daemon stops it with SIGTERM when it shuts down (a reboot), a
 * server exits 0, and on-failure restarts only non-zero exits, so it would stay down.
 */
function restartCheck(c: Config): [boolean, string, string?] {
  const restart = String(c.restart ?? "no");
  const detail = `restart=${restart} max_retry_count=${c.max_retry_count ?? "-"}`;
  const longRunning = c.must_run !== false;
  if (restart === "no")
    return [true, longRunning ? detail : `${detail} (a one-shot, must_run=false: it runs to completion)`];
  if (restart === "on-failure") {
    const bounded = Number(c.max_retry_count) <= 5 && Number(c.max_retry_count) > 0;
    // Containers only (a docker_service has no must_run): what Docker does on a daemon restart.
    const caveat =
      bounded && c.must_run === true
        ? " (bounded, but a daemon restart does not bring it back: it exits 0 when the daemon stops it)"
        : "";
    return [bounded, `${detail}${caveat}`];
  }
  if (restart === "unless-stopped" && c.must_run === true) {
    return [
      false,
      detail,
      "the default for a long-running container: a daemon restart (a host reboot) brings it back, which on-failure does not (the daemon stops it, it exits 0); the price is no retry count, Docker backs off instead (doubling the delay up to 1 min)",
    ];
  }
  return [false, detail];
}

function waiversOf(config: Config): Record<string, string> {
  const labels = list(config.labels);
  return Object.fromEntries(
    labels
      .filter((l) => String(l.label).startsWith(WAIVER_LABEL_PREFIX))
      .map((l) => [String(l.label).slice(WAIVER_LABEL_PREFIX.length), String(l.value)]),
  );
}

function list(value: unknown): Config[] {
  return Array.isArray(value) ? value : [];
}

function first(value: unknown): Config | undefined {
  return Array.isArray(value) ? value[0] : (value as Config | undefined);
}
