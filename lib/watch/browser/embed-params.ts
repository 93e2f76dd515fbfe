/**
 * The embed's URL parameters, named as YouTube, PeerTube and Mux name them: `t`/`start` (90, 90s,
 * 1m30s, 1h2m3s, 01:30), `autoplay`, `muted`, `loop`, `controls=0`, `playbackRate`,
 * `captions=<lang>|off`, `quality=<rung>|auto`, `api=1`. Pure; a value that does not parse is
 * ignored (the default stands), never an error.
 */
export interface EmbedParams {
  /** Seconds to start from. */
  start: number;
  autoplay: boolean;
  muted: boolean;
  loop: boolean;
  controls: boolean;
  playbackRate: number;
  /** A language code, `off`, or null (the default: on when it matches the viewer's language). */
  captions: string | null;
  /** A rung name such as `720p`, or null for automatic. */
  quality: string | null;
  /** Speak the player.js protocol to the embedding window. */
  api: boolean;
}

export const EMBED_DEFAULTS: EmbedParams = {
  start: 0,
  autoplay: false,
  muted: false,
  loop: false,
  controls: true,
  playbackRate: 1,
  captions: null,
  quality: null,
  api: false,
};

export const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5] as const;

/** `90`, `90s`, `1m30s`, `1h2m3s`, `01:30`, `1:02:03` → seconds; null when it is none of these. */
export function parseTime(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  const s = raw.trim().toLowerCase();
  if (s === '' || s.length > 20) return null;
  if (/^\d+(\.\d+)?s?$/.test(s)) return Number(s.replace(/s$/, ''));
  const hms = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(s);
  if (hms && (hms[1] || hms[2] || hms[3])) return Number(hms[1] ?? 0) * 3600 + Number(hms[2] ?? 0) * 60 + Number(hms[3] ?? 0);
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$/.exec(s);
  if (clock) {
    const m = Number(clock[2]);
    const sec = Number(clock[3]);
    if (m >= 60 && clock[1] !== undefined) return null;
    if (sec >= 60) return null;
    return Number(clock[1] ?? 0) * 3600 + m * 60 + sec;
  }
  return null;
}

function flag(raw: string | null | undefined): boolean | null {
  if (raw === null || raw === undefined) return null;
  const s = raw.trim().toLowerCase();
  if (s === '' || s === '1' || s === 'true' || s === 'yes' || s === 'on') return true;
  if (s === '0' || s === 'false' || s === 'no' || s === 'off') return false;
  return null;
}

type Source = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function getter(src: Source): (name: string) => string | null {
  if (typeof (src as { get?: unknown }).get === 'function') return (n) => (src as { get(name: string): string | null }).get(n);
  return (n) => {
    const v = (src as Record<string, string | string[] | undefined>)[n];
    return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
  };
}

export function parseEmbedParams(src: Source): EmbedParams {
  const get = getter(src);
  const out: EmbedParams = { ...EMBED_DEFAULTS };
  const start = parseTime(get('t')) ?? parseTime(get('start'));
  if (start !== null && Number.isFinite(start) && start >= 0 && start < 365 * 86400) out.start = start;
  const autoplay = flag(get('autoplay'));
  if (autoplay !== null) out.autoplay = autoplay;
  const muted = flag(get('muted')) ?? flag(get('mute'));
  if (muted !== null) out.muted = muted;
  const loop = flag(get('loop'));
  if (loop !== null) out.loop = loop;
  const controls = flag(get('controls'));
  if (controls !== null) out.controls = controls;
  const rate = Number(get('playbackRate') ?? get('playbackrate') ?? 'x');
  if ((PLAYBACK_RATES as readonly number[]).includes(rate)) out.playbackRate = rate;
  const captions = (get('captions') ?? '').trim().toLowerCase();
  if (captions === 'off' || /^[a-z]{2,3}$/.test(captions)) out.captions = captions;
  const quality = (get('quality') ?? '').trim().toLowerCase();
  if (/^\d{3,4}p$/.test(quality)) out.quality = quality;
  const api = flag(get('api'));
  if (api !== null) out.api = api;
  return out;
}

/** The embed URL of a video (for snippets, oEmbed and OpenGraph). */
export function embedUrl(baseUrl: string, videoId: string, opts: { token?: string | null; start?: number } = {}): string {
  const q = new URLSearchParams();
  if (opts.token) q.set('token', opts.token);
  if (opts.start && opts.start > 0) q.set('t', String(Math.floor(opts.start)));
  const qs = q.toString();
  return `${baseUrl.replace(/\/$/, '')}/embed/${videoId}${qs ? `?${qs}` : ''}`;
}
