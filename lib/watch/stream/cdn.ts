/**
 * The CDN manager: which base URL a viewer's media comes from. `WEFT_CDNS` (JSON, or the path of a
 * JSON file) lists CDNs with a base URL, a weight, the regions they serve, a signing scheme and a
 * health URL. Per request: the CDNs that are up and serve the viewer's region (a header set by the
 * edge, e.g. CloudFront-Viewer-Country or CF-IPCountry), one picked by weight, then the other CDNs
 * that are up, then the origin — the stream answer carries that list, and the player moves to the
 * next base when one fails. Health checks every N s take a CDN out and bring it back.
 */
import { createSign } from 'node:crypto';
import fs from 'node:fs';

export { cdnSchema, parseCdns, type CdnConfig } from '../../platform/cdn-config';
import type { CdnConfig } from '../../platform/cdn-config';

/** One base a player may fetch from: a CDN, or the origin (`baseUrl` '' = this server). */
export interface MediaBase {
  name: string;
  baseUrl: string;
  /** Adds the CDN's own signature to a signed media URL (CloudFront), or leaves it. */
  sign(url: string, expiresAt: Date): string;
}

export const ORIGIN: MediaBase = { name: 'origin', baseUrl: '', sign: (u) => u };

/** CloudFront's URL-safe base64. */
const cfBase64 = (b: Buffer) => b.toString('base64').replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');

/** A CloudFront signed URL with a canned policy (Expires, Signature, Key-Pair-Id). */
export function cloudfrontSign(url: string, expiresAt: Date, keyPairId: string, privateKeyPem: string): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  const policy = JSON.stringify({ Statement: [{ Resource: url, Condition: { DateLessThan: { 'AWS:EpochTime': expires } } }] });
  const signature = cfBase64(createSign('RSA-SHA1').update(policy).sign(privateKeyPem));
  return `${url}${url.includes('?') ? '&' : '?'}Expires=${expires}&Signature=${signature}&Key-Pair-Id=${keyPairId}`;
}

function baseFor(c: CdnConfig): MediaBase {
  if (c.signing !== 'cloudfront') return { name: c.name, baseUrl: c.baseUrl, sign: (u) => u };
  const pem = c.privateKey!.includes('BEGIN') ? c.privateKey! : fs.readFileSync(c.privateKey!, 'utf8');
  return { name: c.name, baseUrl: c.baseUrl, sign: (u, exp) => cloudfrontSign(u, exp, c.keyPairId!, pem) };
}

export class CdnManager {
  private readonly up = new Map<string, boolean>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly bases: Map<string, MediaBase>;

  constructor(
    readonly cdns: CdnConfig[],
    private readonly opts: { healthSeconds: number; fetch?: typeof fetch; random?: () => number; onChange?: (name: string, up: boolean) => void } = { healthSeconds: 10 },
  ) {
    for (const c of cdns) this.up.set(c.name, true);
    this.bases = new Map(cdns.map((c) => [c.name, baseFor(c)]));
  }

  /** Whether any CDN is configured (else media comes from the origin only). */
  get configured(): boolean {
    return this.cdns.length > 0;
  }

  isUp(name: string): boolean {
    return this.up.get(name) ?? false;
  }

  /** One round of health checks (a CDN without a health URL is taken as up). */
  async check(): Promise<void> {
    const f = this.opts.fetch ?? fetch;
    await Promise.all(
      this.cdns.map(async (c) => {
        if (!c.health) return;
        let ok = false;
        try {
          const res = await f(c.health, { signal: AbortSignal.timeout(Math.min(5000, this.opts.healthSeconds * 500)), cache: 'no-store' });
          ok = res.ok;
          await res.body?.cancel().catch(() => undefined);
        } catch {
          ok = false;
        }
        if (ok !== this.up.get(c.name)) this.opts.onChange?.(c.name, ok);
        this.up.set(c.name, ok);
      }),
    );
  }

  start(): void {
    if (this.timer || this.cdns.length === 0) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.opts.healthSeconds * 1000);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * The bases for a viewer, best first: up CDNs of the viewer's region (one chosen by weight, the
   * rest by weight), then the other up CDNs, then the origin.
   */
  choose(region: string | null): MediaBase[] {
    const rnd = this.opts.random ?? Math.random;
    const live = this.cdns.filter((c) => this.isUp(c.name) && c.weight > 0);
    const r = region?.trim().toUpperCase() ?? '';
    const local = live.filter((c) => c.regions.length === 0 || c.regions.includes(r));
    const rest = live.filter((c) => !local.includes(c));
    const byWeight = (list: CdnConfig[]) => {
      const out: CdnConfig[] = [];
      const pool = [...list];
      while (pool.length > 0) {
        const total = pool.reduce((n, c) => n + c.weight, 0);
        let x = rnd() * total;
        const i = Math.max(0, pool.findIndex((c) => (x -= c.weight) < 0));
        out.push(...pool.splice(i === -1 ? pool.length - 1 : i, 1));
      }
      return out;
    };
    // a region-specific CDN beats a worldwide one for a viewer of that region
    const specific = local.filter((c) => c.regions.length > 0);
    const worldwide = local.filter((c) => c.regions.length === 0);
    return [...byWeight(specific), ...byWeight(worldwide), ...byWeight(rest)].map((c) => this.bases.get(c.name)!).concat(ORIGIN);
  }
}
