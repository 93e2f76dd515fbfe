import { siteDirectives } from '../../platform/http/security-headers';

/** Who may frame the embed: the listed sites, or any. */
export function frameAncestors(origins: string[]): string {
  return origins.length === 0 ? 'frame-ancestors *' : `frame-ancestors 'self' ${origins.join(' ')}`;
}

/** The CSP of `/embed/…`: the site's directives (csp-directives.json, as next.config.mjs uses them) plus the CDNs, framable by WEFT_EMBED_ORIGINS (default: any). */
export function embedHeaders(c: { cdns: ReadonlyArray<{ baseUrl: string }>; embedOrigins: string[] }): Record<string, string> {
  const cdnOrigins = c.cdns.map((x) => new URL(x.baseUrl).origin);
  return { 'Content-Security-Policy': [...siteDirectives(cdnOrigins), frameAncestors(c.embedOrigins)].join('; ') };
}
