/** The process's CDN manager, from the configuration (health checks start with it). */
import { config } from '../config';
import { log } from '../log';
import { CdnManager, ORIGIN, type MediaBase } from './cdn';

const KEY = Symbol.for('weft.cdn-manager');
type Holder = { [KEY]?: CdnManager };

function manager(): CdnManager {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    const c = config();
    g[KEY] = new CdnManager(c.cdns, { healthSeconds: c.WEFT_CDN_HEALTH_SECONDS, onChange: (name, up) => log.info(up ? 'cdn back' : 'cdn down', { cdn: name }) });
    g[KEY].start();
  }
  return g[KEY];
}

/** The media bases for a request, best first (the origin last; only the origin without CDNs). */
export function mediaBasesFor(headers: { get(name: string): string | null }): MediaBase[] {
  const c = config();
  if (c.cdns.length === 0) return [ORIGIN];
  const names = c.WEFT_CDN_REGION_HEADER.split(',').map((h) => h.trim()).filter(Boolean);
  const region = names.map((h) => headers.get(h)).find((v) => !!v) ?? null;
  return manager().choose(region);
}
