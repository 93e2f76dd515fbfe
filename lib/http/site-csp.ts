import http from 'node:http';
import { config } from '../config';
import { withMediaOrigins } from '../embed/headers';

/**
 * The site's Content-Security-Policy comes from next.config.mjs, fixed at build time; the CDNs of
 * WEFT_CDNS are read at run time. So that a server started with CDNs (and no rebuild) lets its
 * pages load media from them, every CSP this process sends gets the CDN origins in img-src,
 * media-src and connect-src (already there: left as is). Installed only when CDNs are configured.
 */
const INSTALLED = Symbol.for('weft.siteCsp');

export function installSiteCsp(): void {
  const origins = [...new Set(config().cdns.map((c) => new URL(c.baseUrl).origin))];
  if (origins.length === 0) return;
  const proto = http.ServerResponse.prototype as http.ServerResponse & { [INSTALLED]?: boolean };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const widen = (value: string) => {
    const missing = origins.filter((o) => !value.includes(o));
    return missing.length === 0 ? value : withMediaOrigins(value.split(/;\s*/), missing).join('; ');
  };
  const isCsp = (name: unknown) => typeof name === 'string' && name.toLowerCase() === 'content-security-policy';
  const setHeader = proto.setHeader;
  proto.setHeader = function widenedSetHeader(this: http.ServerResponse, name: string, value: number | string | readonly string[]) {
    const v = isCsp(name) ? (typeof value === 'string' ? widen(value) : Array.isArray(value) ? value.map((x: string) => widen(x)) : value) : value;
    return setHeader.call(this, name, v);
  } as typeof proto.setHeader;
  const writeHead = proto.writeHead as (this: http.ServerResponse, ...a: unknown[]) => http.ServerResponse;
  proto.writeHead = function widenedWriteHead(this: http.ServerResponse, ...args: unknown[]) {
    const headers = args.find((a, i) => i > 0 && typeof a === 'object' && a !== null);
    if (Array.isArray(headers)) {
      // a flat [name, value, name, value…] list
      for (let i = 0; i + 1 < headers.length; i += 2) if (isCsp(headers[i]) && typeof headers[i + 1] === 'string') headers[i + 1] = widen(headers[i + 1] as string);
    } else if (headers) {
      const h = headers as Record<string, unknown>;
      for (const k of Object.keys(h)) if (isCsp(k) && typeof h[k] === 'string') h[k] = widen(h[k]);
    }
    return writeHead.apply(this, args);
  } as typeof proto.writeHead;
}
