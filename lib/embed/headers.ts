import { config } from '../config';
import DIRECTIVES from '../http/csp-directives.json';

/** Who may frame the embed: the listed sites, or any. */
export function frameAncestors(origins: string[]): string {
  return origins.length === 0 ? 'frame-ancestors *' : `frame-ancestors 'self' ${origins.join(' ')}`;
}

/** The site's directives with media allowed from the CDNs in WEFT_CDNS (playlists, segments, posters). */
export function withMediaOrigins(directives: readonly string[], origins: string[]): string[] {
  if (origins.length === 0) return [...directives];
  const extra = ` ${origins.join(' ')}`;
  return directives.map((d) => (/^(img-src|media-src|connect-src) /.test(d) ? d + extra : d));
}

/** The CSP of `/embed/…`: the site's directives (csp-directives.json, as next.config.mjs uses them) plus the CDNs, framable by WEFT_EMBED_ORIGINS (default: any). */
export function embedHeaders(): Record<string, string> {
  const c = config();
  const cdnOrigins = c.cdns.map((x) => new URL(x.baseUrl).origin);
  return { 'Content-Security-Policy': [...withMediaOrigins(DIRECTIVES, cdnOrigins), frameAncestors(c.embedOrigins)].join('; ') };
}
