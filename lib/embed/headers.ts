import { config } from '../config';

/** The CSP of `/embed/…`, as next.config.mjs's for the site but framable by WEFT_EMBED_ORIGINS (default: any). */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: data:",
  "font-src 'self' data:",
  "connect-src 'self' blob:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

export function frameAncestors(origins: string[]): string {
  return origins.length === 0 ? 'frame-ancestors *' : `frame-ancestors 'self' ${origins.join(' ')}`;
}

export function embedHeaders(): Record<string, string> {
  return { 'Content-Security-Policy': [...DIRECTIVES, frameAncestors(config().embedOrigins)].join('; ') };
}
