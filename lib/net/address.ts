import dns from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Which network addresses Weft may send requests to on a user's behalf (webhooks). Only global
 * unicast addresses pass: loopback, private (RFC 1918), carrier-grade NAT, link-local (cloud
 * metadata at 169.254.169.254), unique-local and site-local IPv6, unspecified (0.0.0.0, ::),
 * multicast, broadcast, documentation/benchmark/reserved ranges and IPv6 forms that embed an IPv4
 * address (6to4, NAT64, Teredo) are refused. IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as IPv4.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return false;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(bare.replace(/%.*$/, ''));
  } catch {
    return false;
  }
  if (bare.includes('%')) return false; // a zone index names a local interface
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
