/**
 * Home Assistant's `util/network.py` `is_local(address)`: loopback, private or link-local. Newer Home Assistant
 * leaves this to Python's `ipaddress` (`is_loopback`, `is_private` minus loopback and link-local, `is_link_local`);
 * the ranges that matter on a home network are spelled out here: 127.0.0.0/8, ::1 (and IPv4-mapped loopback);
 * 10/8, 172.16/12, 192.168/16, fc00::/7 (unique local, which covers the fd00::/8 Home Assistant listed before);
 * 169.254/16, fe80::/10. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are judged by their IPv4 address.
 * Anything that is not an IP address is not local (Home Assistant: "Unable to parse remote ip", refused).
 */
import { isIP } from 'node:net';

function ipv4Parts(address: string): number[] | undefined {
  const parts = address.split('.').map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : undefined;
}

function localIpv4(address: string): boolean {
  const p = ipv4Parts(address);
  if (!p) return false;
  const [a = -1, b = -1] = p;
  return (
    a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
  );
}

/** The first 16-bit group of an IPv6 address, and its IPv4 tail when it is IPv4-mapped. */
function ipv6Head(address: string): { first: number; mapped?: string; loopback: boolean } {
  const lower = address.toLowerCase().split('%')[0] ?? '';
  const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  const firstGroup = lower.startsWith('::') ? '0' : (lower.split(':')[0] ?? '0');
  const loopback = /^(?:0{0,4}:){2,7}0{0,3}1$/.test(lower) || lower === '::1';
  return { first: Number.parseInt(firstGroup || '0', 16), ...(mapped ? { mapped } : {}), loopback };
}

/** Whether Home Assistant's webhook `local_only` lets a request from `address` through. */
export function isLocalAddress(address: string | undefined): boolean {
  if (!address) return false;
  const kind = isIP(address.split('%')[0] ?? '');
  if (kind === 4) return localIpv4(address);
  if (kind !== 6) return false;
  const head = ipv6Head(address);
  if (head.mapped !== undefined) return localIpv4(head.mapped);
  if (head.loopback) return true;
  // fc00::/7 unique local, fe80::/10 link-local
  return (head.first & 0xfe00) === 0xfc00 || (head.first & 0xffc0) === 0xfe80;
}
