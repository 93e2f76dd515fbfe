import { config } from '../config';

/**
 * The public base URL: configured, or the origin the client used (Host / X-Forwarded-* headers;
 * the framework's req.url may name the bind address instead).
 */
export function baseUrlOf(req: Request): string {
  const configured = config().WEFT_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  const proto = req.headers.get('x-forwarded-proto') ?? new URL(req.url).protocol.replace(':', '');
  return host ? `${proto}://${host}` : new URL(req.url).origin;
}
