import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { invalid, isUnresolved, warn } from "../../errors";
import { kindOf, show } from "../validation/values";

/**
 * A port number, of a container forward or a service's published port alike: given, a
 * number, whole, 1 to 65535. `what` names it in the construct's words ("container port",
 * "target port").
 */
export function checkPortNumber(scope: IConstruct, what: string, port: unknown): void {
  if (isUnresolved(port)) return;
  if (port === undefined)
    throw invalid(
      scope,
      ErrorCode.MISSING_VALUE,
      `no ${what} given`,
      "give a whole number from 1 to 65535, e.g. { containerPort: 8080, hostPort: 18080 }",
    );
  if (typeof port !== "number") {
    throw invalid(
      scope,
      ErrorCode.WRONG_TYPE,
      `${what} ${show(port)} is ${kindOf(port)}, not a number`,
      "use a whole number from 1 to 65535",
    );
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalid(scope, ErrorCode.INVALID_PORT, `${what} ${port} is not a port`, "use a whole number from 1 to 65535");
  }
}

/** A port's protocol, one of `known` (the Protocol enum's values, passed in: the enum's file imports this one). */
export function checkProtocol(scope: IConstruct, protocol: unknown, port: unknown, known: readonly string[]): void {
  if (!known.includes(protocol as string)) {
    throw invalid(
      scope,
      ErrorCode.UNKNOWN_VALUE,
      `invalid protocol '${String(protocol)}' for port ${String(port)}`,
      "use Protocol.TCP, Protocol.UDP or Protocol.SCTP",
    );
  }
}

/** A port below 1024 on the host (or the nodes) needs privileges there: a warning, not an error. */
export function warnPrivilegedPort(scope: IConstruct, what: string, port: number | undefined, where: string): void {
  if (port !== undefined && !isUnresolved(port) && port < 1024) {
    warn(
      scope,
      `${what} ${port} is below 1024 and needs root or CAP_NET_BIND_SERVICE on ${where}`,
      "prefer a port of 1024 or above",
    );
  }
}
