/**
 * Which URLs main may fetch evidence media from. Media URIs come from bundles, i.e. from the
 * parties: without a policy a party could make the arbitrator's machine request loopback or LAN
 * services (and learn when the media were opened). Allowed are:
 *  - hosts on the settings' media allowlist (the platform's media hosts), at public addresses only;
 *  - origins allowed explicitly by main itself: the configured backend (the user typed it in) and
 *    the embedded backend in standalone mode (exactly its loopback origin), at any address.
 * Loopback, link-local, private, shared, multicast and reserved ranges are refused for everything
 * else, checked on the address the connection actually uses (see `guardedLookup`), so a name that
 * resolves, or later rebinds, to 127.0.0.1 is refused too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import net from 'node:net';

export type MediaPolicy = {
  /** Host names from settings: `media.example.com`, or `*.example.com` for its subdomains. */
  hosts: readonly string[];
  /** Origins main allows explicitly, private addresses included (the backend, the embedded backend). */
  origins: readonly string[];
};

const NOT_PUBLIC = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  NOT_PUBLIC.addSubnet(prefix, bits, 'ipv6');
}

/** True for an address on the public internet; false for loopback, link-local, private and reserved ones. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  // IPv4-mapped (::ffff:127.0.0.1) and IPv4-compatible forms reach the IPv4 address they carry.
  const mapped = /^(?:::ffff:|::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]!);
  return !NOT_PUBLIC.check(address, 'ipv6');
}

const hostMatches = (host: string, entry: string): boolean => {
  const e = entry.trim().toLowerCase().replace(/\.$/, '');
  if (!e) return false;
  if (e.startsWith('*.')) return host.endsWith(e.slice(1)) && host.length > e.length - 1;
  return host === e;
};

export type MediaAccess = { allowed: true; anyAddress: boolean } | { allowed: false; reason: string };

/** Whether `url` may be fetched at all, and whether at a non-public address. No network access. */
export function mediaAccess(url: URL, policy: MediaPolicy): MediaAccess {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { allowed: false, reason: `scheme ${url.protocol} is not allowed` };
  if (url.username || url.password) return { allowed: false, reason: 'credentials in a media URI are not allowed' };
  if (policy.origins.includes(url.origin)) return { allowed: true, anyAddress: true };
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (!policy.hosts.some((entry) => hostMatches(host, entry))) return { allowed: false, reason: `host ${host} is not on the media allowlist (Settings)` };
  if (net.isIP(host) && !isPublicAddress(host)) return { allowed: false, reason: `host ${host} is not a public address` };
  return { allowed: true, anyAddress: false };
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that refuses to connect to a non-public address: the check is made on
 * what the socket connects to, so DNS rebinding between a check and the request cannot slip through.
 */
export function guardedLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true }, (err, addresses) => {
    if (err) return callback(err, options.all ? [] : '');
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad || addresses.length === 0) {
      const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to a non-public address`);
      refused.code = 'EMEDIAPRIVATE';
      return callback(refused, options.all ? [] : '');
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}
