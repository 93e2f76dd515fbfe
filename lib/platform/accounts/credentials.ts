/** Reading credentials from request headers (no framework): session cookie and bearer token. */
import { safeDecode } from '../../shared/ids';

export const SESSION_COOKIE = 'weft_session';

export interface HeaderSource {
  headers: { get(name: string): string | null };
}

export function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    out[k] = safeDecode(v);
  }
  return out;
}

export function bearerOf(req: HeaderSource): string | null {
  const h = req.headers.get('authorization');
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1] ?? null;
}

export function cookieOf(req: HeaderSource, name: string): string | null {
  return parseCookies(req.headers.get('cookie'))[name] ?? null;
}
