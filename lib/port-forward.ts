import { isIP } from "net";
import { IConstruct } from "constructs";
import { ErrorCode } from "./error-code";
import { invalid, isUnresolved, warn } from "./errors";
import { checkObject, checkString, kindOf, show } from "./private/validation/values";

export enum Protocol {
  TCP = "tcp",
  UDP = "udp",
  SCTP = "sctp",
}

/** Where a host port forwards to: `-p hostIp:hostPort:containerPort/protocol`. */
export interface PortForwardOptions {
  /**
   * The port on the host.
   * @default - Docker picks a free port
   */
  readonly hostPort?: number;

  /**
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;

  /**
   * The host address to listen on. `0.0.0.0` opens the port to every network the host is on.
   * @default "127.0.0.1" (Docker's own default is 0.0.0.0)
   */
  readonly hostIp?: string;
}

/** A port forward as the container holds it. */
export interface PortForward {
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly protocol: Protocol;
  readonly hostIp: string;
}

export const LOOPBACK = "127.0.0.1";
const WILDCARDS = ["0.0.0.0", "::"];

/** Validates and fills in defaults; throws with the construct path on bad input. */
export function makePortForward(scope: IConstruct, containerPort: number, options: PortForwardOptions = {}): PortForward {
  checkObject(scope, `options of port ${String(containerPort)}`, options ?? null);
  checkPort(scope, "container port", containerPort);
  if (options.hostPort !== undefined) {
    checkPort(scope, "host port", options.hostPort);
    if (!isUnresolved(options.hostPort) && options.hostPort < 1024) {
      warn(scope, `host port ${options.hostPort} is below 1024 and needs root or CAP_NET_BIND_SERVICE on the host`, "prefer a port of 1024 or above");
    }
  }
  checkObject(scope, `options of port ${containerPort}`, options);
  const hostIp = checkString(scope, `hostIp of port ${containerPort}`, options.hostIp) ?? LOOPBACK;
  if (!isUnresolved(hostIp) && isIP(hostIp) === 0) {
    throw invalid(scope, ErrorCode.INVALID_IP_ADDRESS, `invalid host IP '${hostIp}' for port ${containerPort}`, "give an IPv4 or IPv6 address such as 127.0.0.1");
  }
  const protocol = options.protocol ?? Protocol.TCP;
  if (!Object.values(Protocol).includes(protocol)) {
    throw invalid(scope, ErrorCode.UNKNOWN_VALUE, `invalid protocol '${protocol}' for port ${containerPort}`, "use Protocol.TCP, Protocol.UDP or Protocol.SCTP");
  }
  if (WILDCARDS.includes(hostIp)) {
    warn(scope, `port ${containerPort} is published on ${hostIp}, every interface of the host`, "bind to 127.0.0.1 unless other machines must reach it");
  }
  return { containerPort, hostPort: options.hostPort, protocol, hostIp };
}

function checkPort(scope: IConstruct, what: string, port: number): void {
  if (isUnresolved(port)) return;
  if (typeof port !== "number") {
    throw invalid(scope, ErrorCode.WRONG_TYPE, `${what} ${show(port)} is ${kindOf(port)}, not a number`, "use a whole number from 1 to 65535");
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalid(scope, ErrorCode.INVALID_PORT, `${what} ${port} is not a port`, "use a whole number from 1 to 65535");
  }
}

/** True when two forwards would fight over the same host socket. */
export function portForwardsClash(a: PortForward, b: PortForward): boolean {
  if (a.hostPort === undefined || b.hostPort === undefined) return false;
  if (isUnresolved(a.hostPort) || isUnresolved(b.hostPort)) return false;
  if (a.hostPort !== b.hostPort || a.protocol !== b.protocol) return false;
  if (a.hostIp === b.hostIp || a.hostIp === "::" || b.hostIp === "::") return true; // :: also takes IPv4 on Linux
  // 0.0.0.0 takes every IPv4 address, not IPv6 ones.
  return (a.hostIp === "0.0.0.0" && isIP(b.hostIp) === 4) || (b.hostIp === "0.0.0.0" && isIP(a.hostIp) === 4);
}

export function describePortForward(p: PortForward): string {
  return `${p.hostIp}:${p.hostPort}/${p.protocol}`;
}
