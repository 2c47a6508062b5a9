import { Network as NetworkResource } from "@cdktf/provider-docker/lib/network";
import { Construct } from "constructs";
import { DockerStack } from "./docker-stack";
import { ErrorCode } from "./error-code";
import { invalid, isUnresolved } from "./errors";
import { cidrContains, formatIpv4, parseCidr, parseIpv4 } from "./private/ipv4";
import { EngineClaims } from "./private/engine-claims";
import { labelBlocks } from "./private/labels";
import { type INetwork, NetworkMode } from "./network";
import { checkKnownProps, RENAMED } from "./private/validation/known-props";
import { OVERLAY_NETWORK_SCHEMA } from "./private/validation/resource-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";
import { checkGatewayIsHost } from "./private/validation/bridge-subnet";
import { checkObject } from "./private/validation/values";

export interface OverlayNetworkProps {
  /**
   * The Docker name of the network.
   * @default - `<stack namePrefix>-<id>`
   */
  readonly networkName?: string;

  /**
   * IPv4 subnet in CIDR form, e.g. `10.20.0.0/24`. It must not overlap any other network on
   * the same engines (bridge or overlay): Swarm routes by subnet.
   * @default - Swarm picks one from its default address pool
   */
  readonly subnet?: string;

  /**
   * Gateway inside `subnet`.
   * @default - the first address of the subnet
   */
  readonly gateway?: string;

  /**
   * Let plain containers (`docker run --network`) join too, not only services.
   * @default false (only services of this swarm attach)
   */
  readonly attachable?: boolean;

  /**
   * Cut the network off from the outside world: tasks talk only to each other.
   * @default false
   */
  readonly internal?: boolean;

  /**
   * Encrypt traffic between nodes (IPsec, the `encrypted` driver option). Costs CPU; traffic
   * between tasks on one node is not affected.
   * @default false
   */
  readonly encrypted?: boolean;

  /**
   * Extra labels.
   * @default - the stack's labels only
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Swarm overlay network (`docker network create --driver overlay`): one private network
 * across every node of the swarm, with DNS by service name. Needs the stack's engine to be
 * a swarm manager.
 */
export class OverlayNetwork extends Construct implements INetwork {
  public readonly mode = NetworkMode.OVERLAY;
  /** The Docker name of the network, as a token that orders creation and destruction. */
  public readonly networkName: string;
  /** The network ID, as a token: what a service's spec holds once the engine has read it. */
  public readonly networkId: string;
  public readonly subnet?: string;
  /** @internal The Docker name as a plain string (`networkName` is a token): for clash checks, messages and drawings. */
  public readonly _plainName: string;
  public readonly attachable: boolean;
  /** The underlying `docker_network` resource (escape hatch: `addOverride` what the props do not cover). */
  public readonly resource: NetworkResource;

  constructor(scope: Construct, id: string, props: OverlayNetworkProps = {}) {
    super(scope, id);
    const stack = DockerStack.of(this);
    if (new.target === OverlayNetwork)
      checkKnownProps(this, "OverlayNetworkProps", props, schemaKeys(OVERLAY_NETWORK_SCHEMA), RENAMED.network);
    checkWithSchema(this, OVERLAY_NETWORK_SCHEMA, checkObject(this, "props", props) ?? {});
    const claims = EngineClaims.of(stack);
    this._plainName = claims.claimDockerName(this, "network", props.networkName ?? stack.defaultName(id));
    if (props.subnet !== undefined && !isUnresolved(props.subnet)) {
      const cidr = parseCidr(props.subnet);
      if (!cidr)
        throw invalid(
          this,
          ErrorCode.INVALID_SUBNET,
          `invalid subnet '${props.subnet}'`,
          "give an IPv4 CIDR block such as 10.20.0.0/24",
        );
      const base = `${formatIpv4(cidr.network)}/${cidr.prefix}`;
      if (base !== props.subnet)
        throw invalid(this, ErrorCode.INVALID_SUBNET, `subnet '${props.subnet}' has host bits set`, `use '${base}'`);
      // Swarm hands one address to each task and one to each node's load balancer endpoint.
      if (cidr.prefix > 29)
        throw invalid(
          this,
          ErrorCode.SUBNET_TOO_SMALL,
          `subnet '${props.subnet}' is too small for an overlay network`,
          "use a /29 or larger, e.g. a /24",
        );
    }
    if (props.gateway !== undefined && !isUnresolved(props.gateway)) {
      if (props.subnet === undefined)
        throw invalid(
          this,
          ErrorCode.ADDRESS_NEEDS_SUBNET,
          `gateway '${props.gateway}' without a subnet`,
          "set subnet too",
        );
      const ip = parseIpv4(props.gateway);
      if (ip === undefined)
        throw invalid(
          this,
          ErrorCode.INVALID_IP_ADDRESS,
          `gateway '${props.gateway}' is not an IPv4 address`,
          "give an address such as 10.20.0.1",
        );
      const cidr = parseCidr(props.subnet);
      if (cidr && !cidrContains(cidr, ip))
        throw invalid(
          this,
          ErrorCode.ADDRESS_OUTSIDE_SUBNET,
          `gateway ${props.gateway} is outside subnet ${props.subnet}`,
          `pick an address inside ${props.subnet}`,
        );
      if (cidr) checkGatewayIsHost(this, cidr, ip, props.gateway, props.subnet);
    }
    this.subnet = props.subnet;
    if (props.subnet !== undefined) claims.claimSubnet(this, props.subnet);
    this.attachable = props.attachable ?? false;
    const resource = (this.resource = new NetworkResource(this, "Resource", {
      name: this._plainName,
      driver: "overlay",
      attachable: this.attachable,
      internal: props.internal ?? false,
      // Docker turns encryption on when the option is present; its value is ignored.
      options: props.encrypted ? { encrypted: "" } : undefined,
      ipamConfig: props.subnet ? [{ subnet: props.subnet, gateway: props.gateway }] : undefined,
      labels: labelBlocks({ ...stack.labels, ...props.labels }),
    }));
    // The engine adds its own options (the VXLAN id) next to `encrypted`; they are not drift.
    if (props.encrypted) resource.lifecycle = { ignoreChanges: ["options"] };
    this.networkName = resource.name;
    this.networkId = resource.id;
  }
}
