/**
 * CDN failover for hls.js: the stream answer lists the master playlist on several bases (CDNs,
 * then the origin). A playlist or segment that fails to load (or times out) is asked for again at
 * once on the next base, and every later request goes there too — no waiting through retries on a
 * dead CDN, so playback goes on from the buffer.
 */
import Hls, { type HlsConfig, type Loader, type LoaderCallbacks, type LoaderConfiguration, type LoaderContext, type LoaderStats } from 'hls.js/light';

export function failoverLoader(bases: string[]): new (config: HlsConfig) => Loader<LoaderContext> {
  const abs = bases.map((b) => (b === '' ? window.location.origin : b));
  let current = 0;
  const rebase = (url: string, to: number) => {
    const from = abs.find((b) => url.startsWith(`${b}/media/`));
    return from !== undefined ? `${abs[to]}${url.slice(from.length)}` : url;
  };
  const Inner = Hls.DefaultConfig.loader;

  return class FailoverLoader implements Loader<LoaderContext> {
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
      const attempt = (i: number, first: boolean) => {
        if (!first) {
          this.inner.destroy();
          this.inner = new Inner(this.hlsConfig);
        }
        const ctx = { ...context, url: rebase(context.url, i) };
        const next = () => {
          if (i + 1 < abs.length) {
            current = Math.max(current, i + 1);
            attempt(i + 1, false);
            return true;
          }
          return false;
        };
        this.inner.load(ctx, i + 1 < abs.length ? { ...config, maxRetry: 0 } : config, {
          ...callbacks,
          onError: (error, c, details, stats) => {
            if (!next()) callbacks.onError(error, c, details, stats);
          },
          onTimeout: (stats, c, details) => {
            if (!next()) callbacks.onTimeout(stats, c, details);
          },
        });
      };
      attempt(current, true);
    }
    abort(): void {
      this.inner.abort();
    }
    destroy(): void {
      this.inner.destroy();
    }
  };
}
