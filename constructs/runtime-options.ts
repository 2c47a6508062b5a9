import { isIP } from "net";
import type { ContainerConfig } from "@cdktf/provider-docker/lib/container";
import type { IConstruct } from "constructs";
import { type DeviceMapping, resolveDevice } from "./device";
import { ErrorCode } from "./error-code";
import { invalid, isUnresolved } from "./errors";
import { checkLogging, type LoggingOptions } from "./logging";
import { checkStopSignal } from "./private/stop-signal";
import { checkSysctls } from "./private/sysctl";
import { literal, literalList, literalMap } from "./private/terraform-literal";
import { checkUlimits, type Ulimit } from "./ulimit";
import { MAX_ID } from "./private/container-spec/security";

/**
 * The runtime settings Compose users write (`ulimits`, `stop_signal`, `init`, ...), as
 * typed container props. None of them has a default of its own: unset means Docker's.
 * Not expressible with provider 3.6.2: `pids_limit` and `mem_reservation` (no attribute).
 */
export interface RuntimeOptions {
  /**
   * Resource limits (`--ulimit`).
   * @default - the engine's (its own defaults, or the daemon's default-ulimits)
   */
  readonly ulimits?: Ulimit[];
  /**
   * The signal `docker stop` sends first, e.g. "SIGQUIT" for nginx.
   * @default - the image's STOPSIGNAL, else SIGTERM
   */
  readonly stopSignal?: string;
  /**
   * Run a tiny init as PID 1 that reaps zombies and forwards signals (`--init`).
   * @default - the daemon's default (off)
   */
  readonly init?: boolean;
  /**
   * Size of /dev/shm in MiB (databases such as PostgreSQL want more than 64).
   * @default - 64, Docker's
   */
  readonly shmSizeMiB?: number;
  /**
   * Extra /etc/hosts entries, host name to IP address or "host-gateway".
   * @default - none
   */
  readonly extraHosts?: Record<string, string>;
  /**
   * DNS servers (IP addresses).
   * @default - Docker's embedded DNS on bridge networks, the host's resolv.conf otherwise
   */
  readonly dns?: string[];
  /**
   * DNS search domains.
   * @default - the host's
   */
  readonly dnsSearch?: string[];
  /**
   * resolv.conf options, e.g. "ndots:1".
   * @default - none
   */
  readonly dnsOptions?: string[];
  /**
   * Namespaced kernel parameters, e.g. `{ "net.core.somaxconn": "1024" }`.
   * @default - none
   */
  readonly sysctls?: Record<string, string>;
  /**
   * Logging driver and its options.
   * @default - the daemon's driver (json-file unless configured) and options
   */
  readonly logging?: LoggingOptions;
  /**
   * Allocate a pseudo-terminal (`-t`).
   * @default false
   */
  readonly tty?: boolean;
  /**
   * Keep standard input open (`-i`).
   * @default false
   */
  readonly stdinOpen?: boolean;
  /**
   * Host devices made available in the container. The audit reports them (CIS 5.17).
   * @default - none
   */
  readonly devices?: DeviceMapping[];
  /**
   * Extra groups (names or numeric ids) for the container's user.
   * @default - none
   */
  readonly groupAdd?: string[];
  /**
   * A hard CPU limit in CPUs (e.g. 0.5), enforced with a CFS quota per period, which is
   * what `--cpus` does. Provider 3.6.x mishandles its own `cpus`, so this sets
   * `cpu_period`/`cpu_quota` instead (the provider does not read those back: no drift check).
   * @default - no limit
   */
  readonly cpuLimit?: number;
  /**
   * The CFS period for `cpuLimit`, in microseconds (1000 to 1000000).
   * @default 100000
   */
  readonly cpuPeriodMicroseconds?: number;
  /**
   * Memory plus swap in MiB, with a memory limit; -1 for unlimited swap.
   * @default - equal to the memory limit (no swap) in the hardened profile; Docker's own
   * (twice the memory limit) in the compose profile
   */
  readonly memorySwapMiB?: number;
  /**
   * Capabilities removed from Docker's default set (compose profile; the hardened profile drops ALL).
   * @default - none
   */
  readonly droppedCapabilities?: string[];
}

const DNS_SEARCH =
  /^(\.|[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?)$/;
const HOST_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$/;
const GROUP = /^([0-9]+|[a-z_][a-z0-9_.-]*\$?)$/i;

/** Checks the options and renders the provider's attributes for them (only the ones set). */
export function renderRuntimeOptions(
  scope: IConstruct,
  o: RuntimeOptions,
  networkMode: string,
): Partial<ContainerConfig> {
  const out: { -readonly [K in keyof ContainerConfig]?: ContainerConfig[K] } = {};
  if (o.ulimits?.length) {
    checkUlimits(scope, o.ulimits);
    out.ulimit = [...o.ulimits]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((u) => ({ name: u.name, soft: u.soft, hard: u.hard }));
  }
  if (o.stopSignal !== undefined) {
    checkStopSignal(scope, o.stopSignal);
    out.stopSignal = literal(o.stopSignal);
  }
  if (o.init !== undefined) out.init = o.init;
  if (o.shmSizeMiB !== undefined) {
    if (!isUnresolved(o.shmSizeMiB) && (!Number.isInteger(o.shmSizeMiB) || o.shmSizeMiB < 1)) {
      throw invalid(
        scope,
        ErrorCode.INVALID_NUMBER,
        `shmSizeMiB ${o.shmSizeMiB} is not a whole number of 1 or more`,
        "give the size of /dev/shm in MiB, e.g. 256",
      );
    }
    out.shmSize = o.shmSizeMiB;
  }
  if (o.extraHosts && Object.keys(o.extraHosts).length) {
    for (const [host, ip] of Object.entries(o.extraHosts)) {
      if (!HOST_NAME.test(host))
        throw invalid(
          scope,
          ErrorCode.INVALID_HOSTNAME,
          `extra host name '${host}' is not a host name`,
          "use letters, digits, dots and dashes, e.g. db.internal",
        );
      if (ip !== "host-gateway" && isIP(ip.replace(/^\[|\]$/g, "")) === 0) {
        throw invalid(
          scope,
          ErrorCode.INVALID_IP_ADDRESS,
          `extra host ${host} has the address '${ip}', which is not an IP address`,
          "give an IPv4 or IPv6 address, or host-gateway for the host",
        );
      }
    }
    out.host = Object.keys(o.extraHosts)
      .sort()
      .map((host) => ({ host: literal(host), ip: literal(o.extraHosts![host].replace(/^\[|\]$/g, "")) }));
  }
  if (o.dns?.length) {
    for (const server of o.dns) {
      if (isIP(server) === 0)
        throw invalid(
          scope,
          ErrorCode.INVALID_IP_ADDRESS,
          `DNS server '${server}' is not an IP address`,
          "give IPv4 or IPv6 addresses, e.g. 192.0.2.53",
        );
    }
    out.dns = literalList(o.dns);
  }
  if (o.dnsSearch?.length) {
    for (const domain of o.dnsSearch) {
      if (domain.length > 255 || !DNS_SEARCH.test(domain))
        throw invalid(
          scope,
          ErrorCode.INVALID_HOSTNAME,
          `DNS search domain '${domain}' is not a domain name`,
          "give e.g. example.internal",
        );
    }
    out.dnsSearch = literalList(o.dnsSearch);
  }
  if (o.dnsOptions?.length) out.dnsOpts = literalList(o.dnsOptions);
  if (o.sysctls && Object.keys(o.sysctls).length) {
    checkSysctls(scope, o.sysctls, networkMode);
    out.sysctls = literalMap(o.sysctls);
  }
  if (o.logging) {
    checkLogging(scope, o.logging);
    out.logDriver = literal(o.logging.driver);
    if (o.logging.options && Object.keys(o.logging.options).length) out.logOpts = literalMap(o.logging.options);
  }
  if (o.tty !== undefined) out.tty = o.tty;
  if (o.stdinOpen !== undefined) out.stdinOpen = o.stdinOpen;
  if (o.devices?.length) {
    out.devices = o.devices
      .map((d) => resolveDevice(scope, d))
      .map((d) => ({
        hostPath: literal(d.hostPath),
        containerPath: literal(d.containerPath),
        permissions: d.permissions,
      }));
  }
  if (o.groupAdd?.length) {
    for (const group of o.groupAdd) {
      if (!GROUP.test(group))
        throw invalid(
          scope,
          ErrorCode.INVALID_USER,
          `group '${group}' is neither a group name nor a numeric id`,
          'give e.g. "video" or "44"',
        );
      if (/^\d+$/.test(group) && Number(group) > MAX_ID) {
        throw invalid(
          scope,
          ErrorCode.INVALID_USER,
          `group id ${group} is above ${MAX_ID}, the largest the runtime accepts`,
          "give a gid from 0 to 2147483647",
        );
      }
    }
    out.groupAdd = literalList(o.groupAdd);
  }
  if (o.cpuPeriodMicroseconds !== undefined && o.cpuLimit === undefined) {
    throw invalid(
      scope,
      ErrorCode.CONFLICTING_PROPS,
      `cpuPeriodMicroseconds ${o.cpuPeriodMicroseconds} without cpuLimit`,
      "set cpuLimit (in CPUs), or drop cpuPeriodMicroseconds",
    );
  }
  if (o.cpuLimit !== undefined) {
    const period = o.cpuPeriodMicroseconds ?? 100000;
    if (!Number.isInteger(period) || period < 1000 || period > 1000000) {
      throw invalid(
        scope,
        ErrorCode.INVALID_NUMBER,
        `cpuPeriodMicroseconds ${period} is outside Docker's range`,
        "give a whole number from 1000 to 1000000 (100000 is the kernel's default)",
      );
    }
    if (!isUnresolved(o.cpuLimit) && o.cpuLimit < 0) {
      throw invalid(
        scope,
        ErrorCode.INVALID_NUMBER,
        `cpuLimit ${o.cpuLimit} is negative`,
        "give the number of CPUs the container may use, e.g. 0.5",
      );
    }
    const quota = Math.round(o.cpuLimit * period);
    if (!(o.cpuLimit > 0) || quota < 1000) {
      throw invalid(
        scope,
        ErrorCode.CPU_QUOTA_TOO_SMALL,
        `cpuLimit ${o.cpuLimit} gives a CFS quota of ${quota} µs, below the kernel's 1000 µs minimum`,
        `give at least ${1000 / period} CPUs, e.g. 0.5`,
      );
    }
    out.cpuPeriod = period;
    out.cpuQuota = quota;
  }
  return out;
}
