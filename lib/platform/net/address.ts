import dns from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * IPv6 passes only inside global unicast 2000::/3, and not in its special-purpose blocks (IANA's
 * IPv6 Special-Purpose Address Registry): 2001::/23 (IETF protocol assignments: Teredo,
 * benchmarking, ORCHID…), 2001:db8::/32 and 3fff::/20 (documentation), 2002::/16 (6to4). An
 * allow-list, so that every other spelling — IPv4-compatible `::a.b.c.d` (`::7f00:1`), NAT64,
 * discard, site-local, segment routing, ranges assigned later — is refused.
 */
const GLOBAL_V6 = ipaddr.parseCIDR('2000::/3');
const SPECIAL_V6 = ['2001::/23', '2001:db8::/32', '2002::/16', '3fff::/20'].map((c) => ipaddr.parseCIDR(c));

function isGlobalV6(a: ipaddr.IPv6): boolean {
  return a.match(GLOBAL_V6) && !SPECIAL_V6.some((c) => a.match(c));
}

/**
 * Which network addresses Weft may send requests to on a user's behalf (webhooks). Only global
 * unicast addresses pass: loopback, private (RFC 1918), carrier-grade NAT, link-local (cloud
 * metadata at 169.254.169.254), unspecified (0.0.0.0), multicast, broadcast and the documentation,
 * benchmark and reserved IPv4 ranges are refused; IPv6 must be global unicast (isGlobalV6).
 * IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as IPv4.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return false;
  // an IPv6 spelling with a dotted IPv4 tail is IPv4-mapped (::ffff:a.b.c.d) or special-purpose
  // (IPv4-compatible ::a.b.c.d, NAT64…); the parser reads some of the latter as mapped
  if (bare.includes(':') && bare.includes('.') && !/^(?:::|(?:0{1,4}:){5})ffff:\d{1,3}(?:\.\d{1,3}){3}$/i.test(bare)) return false;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // parse, not process: only ::ffff:a.b.c.d is an IPv4 address; ::a.b.c.d is an IPv6 one
    const p = ipaddr.parse(bare.replace(/%.*$/, ''));
    parsed = p.kind() === 'ipv6' && (p as ipaddr.IPv6).isIPv4MappedAddress() ? (p as ipaddr.IPv6).toIPv4Address() : p;
  } catch {
    return false;
  }
  if (bare.includes('%')) return false; // a zone index names a local interface
  if (parsed.kind() === 'ipv6') return isGlobalV6(parsed as ipaddr.IPv6);
  return parsed.range() === 'unicast';
}

/** An IP literal (dotted, bracketed IPv6) rather than a host name. */
export function isIpLiteral(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return ipaddr.isValid(bare);
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

/** Every address a host name resolves to (A and AAAA, as the operating system's resolver sees them). */
export const systemResolver: Resolver = async (host) => {
  const rows = await dns.promises.lookup(host, { all: true, verbatim: true });
  return rows.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
};

export class AddressRefusedError extends Error {
  constructor(
    readonly host: string,
    readonly reason: 'private' | 'unresolvable',
    readonly address?: string,
  ) {
    super(
      reason === 'private'
        ? `${host} points to ${address ?? 'an address'} in a private, loopback, link-local or reserved range; webhooks only go to public addresses.`
        : `${host} could not be resolved to an address.`,
    );
    this.name = 'AddressRefusedError';
  }
}

/**
 * The addresses to connect to for `host`, all of them checked: a host with even one address in a
 * refused range is refused (so a name cannot alternate between a public and a private answer).
 */
export async function resolvePublic(host: string, opts: { allowPrivate: boolean; resolve?: Resolver }): Promise<ResolvedAddress[]> {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIpLiteral(bare)) {
    if (!opts.allowPrivate && !isPublicAddress(bare)) throw new AddressRefusedError(host, 'private', bare);
    return [{ address: bare, family: ipaddr.parse(bare).kind() === 'ipv6' ? 6 : 4 }];
  }
  let rows: ResolvedAddress[];
  try {
    rows = await (opts.resolve ?? systemResolver)(bare);
  } catch {
    throw new AddressRefusedError(host, 'unresolvable');
  }
  if (rows.length === 0) throw new AddressRefusedError(host, 'unresolvable');
  if (!opts.allowPrivate) {
    const bad = rows.find((r) => !isPublicAddress(r.address));
    if (bad) throw new AddressRefusedError(host, 'private', bad.address);
  }
  return rows;
}

/**
 * The key a throttle counts a client address under: an IPv4 address as it is, an IPv6 one by its
 * /64 (one subscriber's network: a client rotating through its own prefix stays one client).
 */
export function throttleAddress(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const p = ipaddr.parse(address);
  if (p.kind() === 'ipv4') return address;
  const v6 = p as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64`;
}
