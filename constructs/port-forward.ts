import { isIP } from "net";
import type { IConstruct } from "constructs";
import { ErrorCode } from "./error-code";
import { invalid, isUnresolved, warnUnlessWaived } from "./errors";
import { checkPortNumber, checkProtocol, warnPrivilegedPort } from "./private/container-spec/ports";
import { canonicalIp } from "./private/port-forwards";
import { checkObject, checkString } from "./private/validation/values";

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

/** Which port forward `Container.hostPortOf` reads: one container port can be forwarded per protocol and host address. */
export interface PortForwardSelector {
  /**
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;

  /**
   * The host address of the forward.
   * @default - the only forward of that container port and protocol, whatever its address
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
export function makePortForward(
  scope: IConstruct,
  containerPort: number,
  options: PortForwardOptions = {},
): PortForward {
  checkObject(scope, `options of port ${String(containerPort)}`, options ?? null);
  checkPortNumber(scope, "container port", containerPort);
  if (options.hostPort !== undefined) {
    checkPortNumber(scope, "host port", options.hostPort);
    warnPrivilegedPort(scope, "host port", options.hostPort, "the host");
  }
  checkObject(scope, `options of port ${containerPort}`, options);
  const hostIp = checkString(scope, `hostIp of port ${containerPort}`, options.hostIp) ?? LOOPBACK;
  if (!isUnresolved(hostIp) && isIP(hostIp) === 0) {
    throw invalid(
      scope,
      ErrorCode.INVALID_IP_ADDRESS,
      `invalid host IP '${hostIp}' for port ${containerPort}`,
      "give an IPv4 or IPv6 address such as 127.0.0.1",
    );
  }
  if (!isUnresolved(hostIp) && hostIp.includes("%")) {
    // Go's net.ParseIP, which the daemon reads HostIP with, takes no zone.
    throw invalid(
      scope,
      ErrorCode.INVALID_IP_ADDRESS,
      `host IP '${hostIp}' for port ${containerPort} has a zone, which Docker does not take`,
      `give the address without the zone, e.g. '${hostIp.split("%")[0]}'`,
    );
  }
  const protocol = options.protocol ?? Protocol.TCP;
  checkProtocol(scope, protocol, containerPort, Object.values(Protocol));
  if (!isUnresolved(hostIp) && WILDCARDS.includes(canonicalIp(hostIp))) {
    warnUnlessWaived(
      scope,
      "5.13",
      `port ${containerPort} is published on ${hostIp}, every interface of the host`,
      "bind to 127.0.0.1 unless other machines must reach it, and then waive CIS 5.13 with the reason",
    );
  }
  return { containerPort, hostPort: options.hostPort, protocol, hostIp };
}
