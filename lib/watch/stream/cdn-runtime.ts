/** The media bases for a request, from the process's CDN manager (lib/server/deps.ts owns it). */
import { ORIGIN, type CdnManager, type MediaBase } from './cdn';

/** Best first (the origin last; only the origin without CDNs). `regionHeaders`: WEFT_CDN_REGION_HEADER. */
export function mediaBasesFor(cdns: CdnManager, regionHeaders: string, headers: { get(name: string): string | null }): MediaBase[] {
  if (!cdns.configured) return [ORIGIN];
  const names = regionHeaders.split(',').map((h) => h.trim()).filter(Boolean);
  const region = names.map((h) => headers.get(h)).find((v) => !!v) ?? null;
  return cdns.choose(region);
}
