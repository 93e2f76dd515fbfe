import type { SignatureRenewer } from '@/lib/watch/browser/embed/renew';
import type videojs from 'video.js';
import { keyAction, type KeyAction } from '@/lib/watch/browser/keys';

export { keyAction, type KeyAction } from '@/lib/watch/browser/keys';

type VjsPlayer = ReturnType<typeof videojs>;

/**
 * What the player does beyond video.js's defaults, for the watch page and the embed: keyboard
 * shortcuts, the speed remembered across videos, resuming where this browser left off, and the
 * quality (automatic, or one rung).
 */

const RATE_KEY = 'weft.playbackRate';
const positionKey = (id: string) => `weft.position.${id}`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked (a third-party frame, private mode)
  }
}

export function runKey(p: VjsPlayer, action: KeyAction): void {
  const duration = p.duration() ?? 0;
  const now = p.currentTime() ?? 0;
  switch (action.kind) {
    case 'toggle':
      if (p.paused()) void p.play()?.catch(() => undefined);
      else p.pause();
      return;
    case 'seekBy':
      p.currentTime(Math.max(0, Math.min(Number.isFinite(duration) && duration > 0 ? duration : Infinity, now + action.seconds)));
      return;
    case 'seekTo':
      if (Number.isFinite(duration) && duration > 0) p.currentTime(duration * action.fraction);
      return;
    case 'mute':
      p.muted(!p.muted());
      return;
    case 'fullscreen':
      if (p.isFullscreen()) void p.exitFullscreen();
      else void p.requestFullscreen();
      return;
    case 'captions': {
      const tracks = p.textTracks() as unknown as { length: number; [i: number]: TextTrack };
      let any = false;
      for (let i = 0; i < tracks.length; i++) {
        const t = tracks[i]!;
        if (t.kind !== 'captions' && t.kind !== 'subtitles') continue;
        any = true;
        t.mode = t.mode === 'showing' ? 'disabled' : 'showing';
        break;
      }
      if (!any) return;
      return;
    }
  }
}

/** Keyboard shortcuts while the player (or anything in it) has focus. */
export function installHotkeys(p: VjsPlayer): () => void {
  const el = p.el() as HTMLElement;
  const onKey = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
    // video.js's own buttons take space and Enter
    if ((e.key === ' ' || e.key === 'Enter') && target?.closest('button')) return;
    const action = keyAction(e.key);
    if (!action) return;
    e.preventDefault();
    runKey(p, action);
  };
  el.addEventListener('keydown', onKey);
  return () => el.removeEventListener('keydown', onKey);
}

/** The speed chosen last (any video), unless the page asked for one. */
export function rememberRate(p: VjsPlayer, asked: number | undefined): void {
  const s = storage();
  const saved = Number(s?.getItem(RATE_KEY));
  const initial = asked && asked !== 1 ? asked : saved >= 0.5 && saved <= 2.5 ? saved : 1;
  if (initial !== 1) p.one('loadedmetadata', () => p.playbackRate(initial));
  p.on('ratechange', () => {
    const r = p.playbackRate();
    if (r) s?.setItem(RATE_KEY, String(r));
  });
}

/** Where this browser left the video; saved every few seconds, forgotten near the end. Returns the position to resume from (0: start). */
export function rememberPosition(p: VjsPlayer, id: string): number {
  const s = storage();
  const saved = Number(s?.getItem(positionKey(id)));
  let last = 0;
  p.on('timeupdate', () => {
    const now = Date.now();
    if (now - last < 3000) return;
    last = now;
    const t = p.currentTime() ?? 0;
    const d = p.duration() ?? 0;
    if (!Number.isFinite(d) || d <= 0) return;
    if (t < 5 || t > d - 5) s?.removeItem(positionKey(id));
    else s?.setItem(positionKey(id), String(Math.floor(t)));
  });
  p.on('ended', () => s?.removeItem(positionKey(id)));
  return Number.isFinite(saved) && saved > 0 ? saved : 0;
}

interface QualityLevel {
  height: number;
  bitrate?: number;
  enabled: boolean;
}
interface QualityLevelList {
  length: number;
  selectedIndex: number;
  [index: number]: QualityLevel;
  on(event: 'addqualitylevel' | 'change', cb: () => void): void;
}

export function qualityLevels(p: VjsPlayer): QualityLevelList | null {
  return (p as unknown as { qualityLevels?: () => QualityLevelList }).qualityLevels?.() ?? null;
}

/** Plays one rung (its height), or all of them (null: automatic). */
export function chooseQuality(p: VjsPlayer, height: number | null): void {
  const levels = qualityLevels(p);
  if (!levels) return;
  const has = height !== null && Array.from({ length: levels.length }, (_, i) => levels[i]!).some((l) => l.height === height);
  for (let i = 0; i < levels.length; i++) levels[i]!.enabled = !has || levels[i]!.height === height;
}

/** The rung heights on offer, highest first. */
export function qualityHeights(p: VjsPlayer): number[] {
  const levels = qualityLevels(p);
  if (!levels) return [];
  return [...new Set(Array.from({ length: levels.length }, (_, i) => levels[i]!.height))].sort((a, b) => b - a);
}

interface VhsXhrOptions {
  uri: string;
}
interface VhsXhr {
  onRequest(fn: (o: VhsXhrOptions) => VhsXhrOptions): void;
  onResponse(fn: (req: unknown, error: unknown, res: { statusCode?: number } | undefined) => void): void;
}

/**
 * CDN failover and signature renewal for video.js: requests go to the current base; a failed one
 * (no answer or a 5xx) moves every later request to the next base (CDNs, then the origin). A 403
 * (access changed since the URLs were signed) fetches a fresh signature, which every later request
 * carries (renew.ts).
 */
export function installFailover(p: VjsPlayer, bases: string[], renewer: SignatureRenewer | null = null): void {
  if (bases.length < 2 && !renewer) return;
  const abs = (bases.length > 0 ? bases : ['']).map((b) => (b === '' ? window.location.origin : b));
  let current = 0;
  const hooked = new WeakSet<VhsXhr>();
  const hook = () => {
    // VHS announces its hooks while the tech is still being made: look once the turn is over
    const tech = p.tech({ IWillNotUseThisInPlugins: true }) as unknown as { vhs?: { xhr?: VhsXhr } } | undefined;
    const xhr = tech?.vhs?.xhr;
    if (!xhr || hooked.has(xhr)) return;
    hooked.add(xhr);
    xhr.onRequest((o) => {
      const from = abs.find((b) => o.uri.startsWith(`${b}/media/`));
      if (from !== undefined && from !== abs[current]) o.uri = `${abs[current]}${o.uri.slice(from.length)}`;
      if (renewer) o.uri = renewer.apply(o.uri);
      return o;
    });
    xhr.onResponse((_req, error, res) => {
      const code = res?.statusCode ?? 0;
      if (code === 403 && renewer) {
        void renewer.renew();
        return;
      }
      if ((error || code === 0 || code >= 500) && current + 1 < abs.length) current += 1;
    });
  };
  p.on('xhr-hooks-ready', () => setTimeout(hook, 0));
  p.on('loadstart', hook);
}
