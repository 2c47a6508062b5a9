import { isIP } from "net";
import { isUnresolved } from "../errors";
import type { PortForward } from "../port-forward";

// Comparing and writing port forwards: used by Container and by the engine-wide host-port check.

/** True when two forwards would fight over the same host socket. */
export function portForwardsClash(a: PortForward, b: PortForward): boolean {
  if (a.hostPort === undefined || b.hostPort === undefined) return false;
  if (isUnresolved(a.hostPort) || isUnresolved(b.hostPort)) return false;
  if (a.hostPort !== b.hostPort || a.protocol !== b.protocol) return false;
  // One address has many spellings (::1 and 0:0::1, 127.0.0.1 and ::ffff:127.0.0.1): compare canonical forms.
  const [ipA, ipB] = [canonicalIp(a.hostIp), canonicalIp(b.hostIp)];
  if (ipA === ipB || ipA === "::" || ipB === "::") return true; // :: also takes IPv4 on Linux
  // 0.0.0.0 takes every IPv4 address, not IPv6 ones.
  return (ipA === "0.0.0.0" && isIP(ipB) === 4) || (ipB === "0.0.0.0" && isIP(ipA) === 4);
}

/**
 * One spelling per address: IPv6 compressed and lower-case (RFC 5952, as the URL parser
 * writes it), an IPv4-mapped IPv6 address as the IPv4 address Docker binds (it maps them).
 */
export function canonicalIp(ip: string): string {
  if (isUnresolved(ip) || isIP(ip) !== 6) return ip;
  const host = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!mapped) return host;
  const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** `hostIp:hostPort/protocol`, an IPv6 address in brackets. */
export function describePortForward(p: PortForward): string {
  return `${isIP(p.hostIp) === 6 ? `[${p.hostIp}]` : p.hostIp}:${p.hostPort}/${p.protocol}`;
}
