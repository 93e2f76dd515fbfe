/**
 * The player's hls.js loader: playlists that came with the page, CDN failover and signature renewal.
 * - Playlists in the page: the master playlist and the first rung's playlist are in the HTML
 *   (settings.playlists); their first load is answered from there, with no request, so the first
 *   request the player makes is for the first segment — which the page has already preloaded.
 * - Failover: the stream answer lists the master playlist on several bases (CDNs, then the origin).
 *   A playlist or segment that fails to load (or times out) is asked for again at once on the next
 *   base, and every later request goes there too — no waiting through retries on a dead CDN, so
 *   playback goes on from the buffer.
 * - Renewal: a 403 (the video's access changed since the URLs were signed) asks the stream API for
 *   a fresh signature once and repeats the request with it (see renew.ts).
 */
import Hls, { type HlsConfig, type Loader, type LoaderCallbacks, type LoaderConfiguration, type LoaderContext, type LoaderStats } from 'hls.js/light';
import type { SignatureRenewer } from './renew';
import { mediaPath } from './settings';

export function mediaLoader(bases: string[], renewer: SignatureRenewer | null, inline: Record<string, string> = {}): new (config: HlsConfig) => Loader<LoaderContext> {
  // each inline playlist answers once: a live playlist's refreshes go to the server
  const pending = new Map(Object.entries(inline));
  const abs = (bases.length > 0 ? bases : ['']).map((b) => (b === '' ? window.location.origin : b));
  let current = 0;
  const rebase = (url: string, to: number) => {
    const from = abs.find((b) => url.startsWith(`${b}/media/`));
    return from !== undefined ? `${abs[to]}${url.slice(from.length)}` : url;
  };
  const Inner = Hls.DefaultConfig.loader;

  return class MediaLoader implements Loader<LoaderContext> {
    context: LoaderContext | null = null;
    private inner: Loader<LoaderContext>;
    constructor(private readonly hlsConfig: HlsConfig) {
      this.inner = new Inner(hlsConfig);
    }
    get stats(): LoaderStats {
      return this.inner.stats;
    }
    load(context: LoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<LoaderContext>): void {
      this.context = context;
      const key = context.responseType === 'arraybuffer' ? null : mediaPath(context.url);
      const text = key !== null ? pending.get(key) : undefined;
      if (key !== null && text !== undefined) {
        pending.delete(key);
        const now = performance.now();
        const stats = this.inner.stats;
        stats.loading.start = stats.loading.first = stats.loading.end = now;
        stats.loaded = stats.total = text.length;
        // asynchronously, as a network answer would come
        queueMicrotask(() => callbacks.onSuccess({ url: context.url, data: text }, stats, context, null));
        return;
      }
      const attempt = (i: number, first: boolean, renewed: boolean) => {
        if (!first) {
          this.inner.destroy();
          this.inner = new Inner(this.hlsConfig);
        }
        const url = rebase(context.url, i);
        const ctx = { ...context, url: renewer ? renewer.apply(url) : url };
        const next = () => {
          if (i + 1 < abs.length) {
            current = Math.max(current, i + 1);
            attempt(i + 1, false, renewed);
            return true;
          }
          return false;
        };
        this.inner.load(ctx, i + 1 < abs.length || (renewer && !renewed) ? { ...config, maxRetry: 0 } : config, {
          ...callbacks,
          onError: (error, c, details, stats) => {
            if (error.code === 403 && renewer && !renewed) {
              void renewer.renew().then((ok) => (ok ? attempt(i, false, true) : callbacks.onError(error, c, details, stats)));
              return;
            }
            if (!next()) callbacks.onError(error, c, details, stats);
          },
          onTimeout: (stats, c, details) => {
            if (!next()) callbacks.onTimeout(stats, c, details);
          },
        });
      };
      attempt(current, true, false);
    }
    abort(): void {
      this.inner.abort();
    }
    destroy(): void {
      this.inner.destroy();
    }
  };
}
