/**
 * The client's address for throttles. With no trusted proxy it is the TCP peer (set by the
 * server entry's front door); behind N reverse proxies (WEFT_TRUSTED_PROXIES) it is the address the
 * outermost trusted proxy saw: the N-th entry from the right of `X-Forwarded-For` + peer. Entries a
 * client wrote further left are never believed.
 */
export const PEER_ADDRESS_HEADER_NAME = 'x-weft-peer-address';
/** The request's path and query as the front door received it (set there; a client's own value is replaced). */
export const REQUEST_PATH_HEADER_NAME = 'x-weft-request-path';

export function clientAddressOf(headers: { get(name: string): string | null }, trustedProxies: number): string {
  const peer = normalize(headers.get(PEER_ADDRESS_HEADER_NAME) ?? '') || 'unknown';
  if (trustedProxies <= 0) return peer;
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => normalize(s))
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? peer;
}

function normalize(raw: string): string {
  const s = raw.trim().toLowerCase();
  // IPv4-mapped IPv6 as Node reports dual-stack peers: count it as the IPv4 address
  return s.startsWith('::ffff:') && s.includes('.') ? s.slice(7) : s;
}
