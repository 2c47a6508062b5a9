/** Minimal IPv4 and CIDR arithmetic for synth-time checks (no dependency needed). */

export interface Cidr {
  readonly network: number;
  readonly prefix: number;
}

// No leading zeros: Go's net.ParseIP (and so Docker) refuses `010.0.0.1`, which other
// parsers read as octal.
const OCTET = "(0|[1-9]\\d{0,2})";
const OCTETS = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** Parses `a.b.c.d` to an unsigned 32-bit number, or undefined when it is no IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  const m = OCTETS.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** Parses `a.b.c.d/n`, or undefined when it is no IPv4 CIDR block. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, bits, extra] = text.split("/");
  if (extra !== undefined || bits === undefined || !/^(0|[1-9]\d?)$/.test(bits)) return undefined;
  const ip = parseIpv4(addr);
  const prefix = Number(bits);
  if (ip === undefined || prefix > 32) return undefined;
  return { network: (ip & mask(prefix)) >>> 0, prefix };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return (ip & mask(cidr.prefix)) >>> 0 === cidr.network;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const shorter = Math.min(a.prefix, b.prefix);
  return (a.network & mask(shorter)) >>> 0 === (b.network & mask(shorter)) >>> 0;
}

export function formatIpv4(ip: number): string {
  return [24, 16, 8, 0].map((shift) => (ip >>> shift) & 255).join(".");
}

export function broadcast(cidr: Cidr): number {
  return (cidr.network | (~mask(cidr.prefix) >>> 0)) >>> 0;
}

/** Docker's default gateway: the first host address of the subnet. */
export function firstHost(subnet: string): string | undefined {
  const cidr = parseCidr(subnet);
  return cidr && cidr.prefix < 31 ? formatIpv4(cidr.network + 1) : undefined;
}
