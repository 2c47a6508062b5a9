import { broadcast, type Cidr, cidrsOverlap, formatIpv4, parseCidr } from "../ipv4";
import { fail, type Where } from "./values";
import { ErrorCode } from "../../error-code";

// Ranges a bridge cannot route: "this network", loopback, link-local, multicast, reserved.
const UNUSABLE: [string, string][] = [
  ["0.0.0.0/8", "'this network' addresses"],
  ["127.0.0.0/8", "the loopback range"],
  ["169.254.0.0/16", "the link-local range"],
  ["224.0.0.0/4", "the multicast range"],
  ["240.0.0.0/4", "the reserved range (and the broadcast address)"],
];

/**
 * Docker's address rules for a bridge subnet: an IPv4 CIDR (Go's parser: no leading
 * zeros), no host bits, room for a gateway and at least one container (/30 or larger),
 * and no range a bridge cannot route. IPv6 is refused clearly: BridgeNetwork manages
 * IPv4 only.
 */
export function checkBridgeSubnet(where: Where, subnet: string): Cidr {
  const fix = "give an IPv4 CIDR block such as 172.28.0.0/24";
  if (subnet.includes(":")) {
    throw fail(
      where,
      ErrorCode.INVALID_SUBNET,
      `IPv6 subnet '${subnet}' is not supported: BridgeNetwork manages IPv4 only`,
      "give an IPv4 subnet, or leave subnet out",
    );
  }
  const cidr = parseCidr(subnet);
  if (!cidr) {
    if (/(^|[./])0\d/.test(subnet))
      throw fail(
        where,
        ErrorCode.INVALID_SUBNET,
        `subnet '${subnet}' has a number with a leading zero, which Docker refuses`,
        fix,
      );
    throw fail(where, ErrorCode.INVALID_SUBNET, `invalid subnet '${subnet}'`, fix);
  }
  const base = `${formatIpv4(cidr.network)}/${cidr.prefix}`;
  if (base !== subnet)
    throw fail(where, ErrorCode.INVALID_SUBNET, `subnet '${subnet}' has host bits set`, `use '${base}'`);
  if (cidr.prefix > 30) {
    throw fail(
      where,
      ErrorCode.SUBNET_TOO_SMALL,
      `subnet '${subnet}' is too small for a bridge: it leaves no address for a container besides the gateway`,
      "use a /30 or larger block, e.g. /24",
    );
  }
  for (const [range, what] of UNUSABLE) {
    if (cidrsOverlap(cidr, parseCidr(range)!))
      throw fail(
        where,
        ErrorCode.RESERVED_SUBNET,
        `subnet '${subnet}' overlaps ${range}, ${what}, which a bridge cannot use`,
        "use a private range such as 172.16.0.0/12 or 10.0.0.0/8",
      );
  }
  return cidr;
}

/** A gateway must be a host address: neither the network nor the broadcast address. */
export function checkGatewayIsHost(where: Where, cidr: Cidr, gateway: number, text: string, subnet: string): void {
  if (gateway === cidr.network || gateway === broadcast(cidr)) {
    throw fail(
      where,
      ErrorCode.RESERVED_ADDRESS,
      `gateway ${text} is the ${gateway === cidr.network ? "network" : "broadcast"} address of ${subnet}`,
      "pick a host address inside the subnet, e.g. the first one",
    );
  }
}
