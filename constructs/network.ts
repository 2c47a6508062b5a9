import { ErrorCode } from "./error-code";
import { invalidCall } from "./errors";
import { checkDockerObjectName } from "./private/validation/docker-names";

/** How a container is connected: the three Docker network types. */
export enum NetworkMode {
  /** A user-defined bridge network: private IPs and DNS by container name. */
  BRIDGE = "bridge",
  /** The host's own network stack; no isolation and no port forwarding. */
  HOST = "host",
  /** No network at all: only the loopback interface `lo`. */
  NONE = "none",
  /** A Swarm overlay network: spans every node of a swarm; services reach each other by name. */
  OVERLAY = "overlay",
}

/** Anything a container can be connected to. */
export interface INetwork {
  /** Which of the three network types this is. */
  readonly mode: NetworkMode;
  /** The Docker network name (a token for networks this app creates). */
  readonly networkName: string;
  /** The IPv4 subnet, when known, for static address checks. */
  readonly subnet?: string;
}

/** The two built-in network modes, and references to networks made elsewhere. */
export class Network {
  /** Share the host's network namespace (`--network host`). */
  public static readonly HOST: INetwork = { mode: NetworkMode.HOST, networkName: "host" };

  /** No network, loopback only (`--network none`). */
  public static readonly NONE: INetwork = { mode: NetworkMode.NONE, networkName: "none" };

  /** A user-defined bridge network that already exists on the engine. */
  public static fromNetworkName(networkName: string): INetwork {
    const where = "Network.fromNetworkName";
    if (["host", "none"].includes(networkName)) {
      throw invalidCall(
        where,
        ErrorCode.NETWORK_NAME_IS_MODE,
        `network name '${networkName}' is a mode, not a bridge network`,
        "use Network.HOST or Network.NONE",
      );
    }
    if (["bridge", "default"].includes(networkName)) {
      // Docker's default bridge has no DNS by container name (CIS 5.29).
      throw invalidCall(
        where,
        ErrorCode.DEFAULT_BRIDGE_NETWORK,
        `network name '${networkName}' is Docker's default bridge, which has no name-based DNS`,
        "use a BridgeNetwork",
      );
    }
    checkDockerObjectName(where, "network", networkName);
    return { mode: NetworkMode.BRIDGE, networkName };
  }

  private constructor() {}
}
