import { Network as NetworkResource } from "@cdktf/provider-docker/lib/network";
import { Construct } from "constructs";
import { DockerStack } from "./docker-stack";
import { ErrorCode } from "./error-code";
import { invalid, isUnresolved } from "./errors";
import { EngineClaims } from "./private/engine-claims";
import { broadcast, cidrContains, firstHost, parseCidr, parseIpv4 } from "./private/ipv4";
import { type INetwork, NetworkMode } from "./network";
import { labelBlocks } from "./private/labels";
import { literal } from "./private/terraform-literal";
import { checkBridgeSubnet, checkGatewayIsHost } from "./private/validation/bridge-subnet";
import { checkObject } from "./private/validation/values";
import { checkKnownProps, RENAMED } from "./private/validation/known-props";
import { BRIDGE_NETWORK_SCHEMA } from "./private/validation/resource-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";

export interface BridgeNetworkProps {
  /**
   * The Docker name of the network.
   * @default - `<stack namePrefix>-<id>`
   */
  readonly networkName?: string;

  /**
   * IPv4 subnet in CIDR form, e.g. `172.28.0.0/24`.
   * @default - Docker picks a free one (give one only when you need static addresses)
   */
  readonly subnet?: string;

  /**
   * Gateway inside `subnet`.
   * @default - the first address of the subnet
   */
  readonly gateway?: string;

  /**
   * Cut the network off from the outside world: containers talk only to each other.
   * @default false
   */
  readonly internal?: boolean;

  /**
   * Extra labels.
   * @default - the stack's labels only
   */
  readonly labels?: Record<string, string>;
}

const DEFAULT_NETWORK_ID = "DefaultNetwork";

/**
 * A user-defined bridge network (`docker network create`). Unlike Docker's default
 * `bridge`, it gives containers DNS by name, so they never depend on IPs Docker hands out.
 */
export class BridgeNetwork extends Construct implements INetwork {
  /**
   * The stack's own bridge network, `DefaultNetwork`, which containers join when given no
   * other network (never Docker's default `bridge`). Made on first use, then the same one.
   */
  public static defaultFor(stack: DockerStack): BridgeNetwork {
    const existing = stack.node.tryFindChild(DEFAULT_NETWORK_ID);
    if (existing instanceof BridgeNetwork) return existing;
    // Anything else under that id is refused by the constructs library as a duplicate id.
    return new BridgeNetwork(stack, DEFAULT_NETWORK_ID);
  }

  public readonly mode = NetworkMode.BRIDGE;
  /** The Docker name of the network, as a token that orders creation and destruction. */
  public readonly networkName: string;
  public readonly subnet?: string;
  /** The gateway, when given. */
  public readonly gateway?: string;
  /** @internal The Docker name as a plain string (`networkName` is a token): for clash checks, messages and drawings. */
  public readonly _plainName: string;
  /** The underlying `docker_network` resource (escape hatch: `addOverride` what the props do not cover). */
  public readonly resource: NetworkResource;
  private readonly staticAddresses = new Map<string, string>();

  constructor(scope: Construct, id: string, props: BridgeNetworkProps = {}) {
    super(scope, id);
    const stack = DockerStack.of(this);
    if (new.target === BridgeNetwork)
      checkKnownProps(this, "BridgeNetworkProps", props, schemaKeys(BRIDGE_NETWORK_SCHEMA), RENAMED.network);
    checkWithSchema(this, BRIDGE_NETWORK_SCHEMA, checkObject(this, "props", props) ?? {});
    const claims = EngineClaims.of(stack);
    this._plainName = claims.claimDockerName(this, "network", props.networkName ?? stack.defaultName(id));
    if (props.subnet !== undefined && !isUnresolved(props.subnet)) checkBridgeSubnet(this, props.subnet);
    if (props.gateway !== undefined && !isUnresolved(props.gateway)) {
      if (props.subnet === undefined)
        throw invalid(
          this,
          ErrorCode.ADDRESS_NEEDS_SUBNET,
          `gateway '${props.gateway}' without a subnet`,
          "set subnet too",
        );
      this.checkInSubnet(props.subnet, props.gateway, "gateway");
      if (!isUnresolved(props.subnet))
        checkGatewayIsHost(this, parseCidr(props.subnet)!, parseIpv4(props.gateway)!, props.gateway, props.subnet);
    }
    this.subnet = props.subnet;
    if (props.subnet !== undefined) claims.claimSubnet(this, props.subnet);
    this.gateway = props.gateway ?? (props.subnet ? firstHost(props.subnet) : undefined);
    const resource = (this.resource = new NetworkResource(this, "Resource", {
      name: literal(this._plainName),
      driver: "bridge",
      internal: props.internal ?? false,
      ipamConfig: props.subnet
        ? [{ subnet: literal(props.subnet), gateway: props.gateway === undefined ? undefined : literal(props.gateway) }]
        : undefined,
      labels: labelBlocks({ ...stack.labels, ...props.labels }),
    }));
    this.networkName = resource.name;
  }

  /** @internal Records a container's static address; throws when it is outside the subnet or taken. */
  public _reserveAddress(containerPath: string, address: string): void {
    if (isUnresolved(address)) return;
    if (this.subnet === undefined) {
      throw invalid(
        this,
        ErrorCode.ADDRESS_NEEDS_SUBNET,
        `static address ${address} for ${containerPath} on a network without a subnet`,
        "give the network a subnet",
      );
    }
    this.checkInSubnet(this.subnet, address, `static address for ${containerPath}`);
    const cidr = parseCidr(this.subnet);
    const ip = parseIpv4(address)!;
    if (cidr && (ip === cidr.network || ip === broadcast(cidr))) {
      throw invalid(
        this,
        ErrorCode.RESERVED_ADDRESS,
        `static address ${address} for ${containerPath} is the network or broadcast address of ${this.subnet}`,
        "pick a host address inside the subnet",
      );
    }
    if (address === this.gateway) {
      throw invalid(
        this,
        ErrorCode.RESERVED_ADDRESS,
        `static address ${address} for ${containerPath} is the network's gateway`,
        "pick another address",
      );
    }
    const holder = this.staticAddresses.get(address);
    if (holder !== undefined) {
      throw invalid(
        this,
        ErrorCode.ADDRESS_TAKEN,
        `static address ${address} is used by both ${holder} and ${containerPath}`,
        "give each container its own address",
      );
    }
    this.staticAddresses.set(address, containerPath);
  }

  private checkInSubnet(subnet: string, address: string, what: string): void {
    const cidr = parseCidr(subnet);
    const ip = parseIpv4(address);
    if (ip === undefined) {
      const zero = /(^|\.)0\d/.test(address) ? " (Docker refuses leading zeros)" : "";
      throw invalid(
        this,
        ErrorCode.INVALID_IP_ADDRESS,
        `${what} '${address}' is not an IPv4 address${zero}`,
        "give an address such as 172.28.0.10",
      );
    }
    if (cidr && !cidrContains(cidr, ip)) {
      throw invalid(
        this,
        ErrorCode.ADDRESS_OUTSIDE_SUBNET,
        `${what} ${address} is outside subnet ${subnet}`,
        `pick an address inside ${subnet}`,
      );
    }
  }
}
