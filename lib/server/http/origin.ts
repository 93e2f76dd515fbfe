import { deps } from '../deps';

/** Anything with request headers (a Request, or a server component's `headers()`), and its URL when known. */
export interface RequestLike {
  headers: { get(name: string): string | null };
  url?: string;
}

/**
 * The public base URL (an origin): configured, or the origin the client used (Host /
 * X-Forwarded-* headers; the framework's req.url may name the bind address instead). The same
 * answer for route handlers and server components.
 */
export function baseUrlOf(req: RequestLike): string {
  const configured = deps().config.WEFT_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  const urlProto = req.url ? new URL(req.url).protocol.replace(':', '') : 'http';
  const proto = req.headers.get('x-forwarded-proto') ?? urlProto;
  if (host) return `${proto}://${host}`;
  return req.url ? new URL(req.url).origin : 'http://localhost';
}
