import DIRECTIVES from './csp-directives.json';
import { WEFT_EXTENSION_ID } from '../../shared/extension-id';

/**
 * The security headers of every answer, set in one place (the server entry) before anything else
 * answers: pages, API, media, static files. Only `/embed/…` may be framed by other sites; its CSP
 * (frame-ancestors from WEFT_EMBED_ORIGINS) comes from its own route (lib/server/routes/embed.ts).
 */
export const EXTENSION_ORIGIN = `chrome-extension://${WEFT_EXTENSION_ID}`;

/** The site's CSP directives with media allowed from the given (CDN) origins. */
export function withMediaOrigins(directives: readonly string[], origins: readonly string[]): string[] {
  if (origins.length === 0) return [...directives];
  const extra = ` ${origins.join(' ')}`;
  return directives.map((d) => (/^(img-src|media-src|connect-src) /.test(d) ? d + extra : d));
}

export function siteDirectives(cdnOrigins: readonly string[]): string[] {
  return withMediaOrigins(DIRECTIVES, cdnOrigins);
}

export interface HeaderSets {
  /** Every answer. */
  common: Array<[string, string]>;
  /** Every answer but the embed's (which may be framed). */
  unframable: Array<[string, string]>;
}

export function securityHeaders(cdnOrigins: readonly string[]): HeaderSets {
  return {
    common: [
      ['X-Content-Type-Options', 'nosniff'],
      ['Referrer-Policy', 'strict-origin-when-cross-origin'],
      ['Cross-Origin-Opener-Policy', 'same-origin'],
      // the Weft extension's camera bubble (a frame of its own page) may show the camera on our pages too
      ['Permissions-Policy', `camera=(self "${EXTENSION_ORIGIN}"), microphone=(self), display-capture=(self), geolocation=()`],
    ],
    unframable: [
      ['Content-Security-Policy', [...siteDirectives(cdnOrigins), "frame-ancestors 'self'"].join('; ')],
      ['X-Frame-Options', 'SAMEORIGIN'],
    ],
  };
}

/** `/embed` and `/embed/…` are the only framable paths. */
export function isFramablePath(path: string): boolean {
  return path === '/embed' || path.startsWith('/embed/');
}
