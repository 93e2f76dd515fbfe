import { config } from '../config';
import DIRECTIVES from '../http/csp-directives.json';

/** Who may frame the embed: the listed sites, or any. */
export function frameAncestors(origins: string[]): string {
  return origins.length === 0 ? 'frame-ancestors *' : `frame-ancestors 'self' ${origins.join(' ')}`;
}

/** The CSP of `/embed/…`: the site's directives (csp-directives.json, as next.config.mjs uses them), framable by WEFT_EMBED_ORIGINS (default: any). */
export function embedHeaders(): Record<string, string> {
  return { 'Content-Security-Policy': [...DIRECTIVES, frameAncestors(config().embedOrigins)].join('; ') };
}
