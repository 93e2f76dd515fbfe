/**
 * The player's side of playback analytics (browser only, no framework): watches a <video>, keeps
 * the ranges of the video actually played, stalls and the rendition, and sends `stream_progress`
 * every 10 s and on pause, seek, quality change and when the page goes away (sendBeacon);
 * `stream_start` at the first play (unless the stream API recorded it) and `stream_end` at the end.
 * Under Do-Not-Track / Global Privacy Control no viewer id is made or sent.
 */
import type { z } from 'zod';
import type { playbackEvent } from '../../../shared/api/contract';

type PlaybackEvent = z.input<typeof playbackEvent>;

export interface ReporterOptions {
  video: HTMLVideoElement;
  /** `/api/v1/videos/{id}/playback-events` (with `?token=` for a share link). */
  endpoint: string;
  playback: { token: string; nextSeq: number };
  /** The rendition playing now (name and bitrate), when the player knows. */
  rendition?: () => { name: string; bitrate?: number } | null;
  /** The page the player is on (an embed's host page). */
  referrer?: string;
  beatMs?: number;
}

const VIEWER_KEY = 'weft.viewer';

function privacyOptOut(): boolean {
  const n = navigator as Navigator & { globalPrivacyControl?: boolean };
  return n.doNotTrack === '1' || n.globalPrivacyControl === true;
}

/** A random first-party id kept in this browser, or none (opted out, or no storage). */
export function viewerId(): string | undefined {
  if (privacyOptOut()) return undefined;
  try {
    let id = localStorage.getItem(VIEWER_KEY);
    if (!id || !/^[\w-]{16,64}$/.test(id)) {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      localStorage.setItem(VIEWER_KEY, id);
    }
    return id;
  } catch {
    return undefined;
  }
}

export class PlaybackReporter {
  private seq: number;
  private readonly queue: PlaybackEvent[] = [];
  private ranges: Array<[number, number]> = [];
  private open: [number, number] | null = null;
  private stalls = 0;
  private stallMs = 0;
  private stallStart = 0;
  private started: boolean;
  private rendition: { name: string; bitrate?: number } | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly viewer = viewerId();
  private readonly off: Array<() => void> = [];

  constructor(private readonly o: ReporterOptions) {
    this.seq = o.playback.nextSeq;
    // the stream API already recorded stream_start (batch 1) when it handed out the token
    this.started = o.playback.nextSeq > 1;
    const v = o.video;
    const on = <K extends keyof HTMLMediaElementEventMap>(type: K, fn: () => void, target: EventTarget = v) => {
      target.addEventListener(type, fn);
      this.off.push(() => target.removeEventListener(type, fn));
    };
    on('playing', () => this.onPlaying());
    on('timeupdate', () => this.onTime());
    on('pause', () => this.flush('pause'));
    on('seeking', () => this.flush('seek'));
    on('waiting', () => {
      if (!v.paused && !v.seeking && this.stallStart === 0) this.stallStart = performance.now();
    });
    on('ended', () => {
      this.close();
      this.push('stream_end');
      void this.send(false);
    });
    on('ratechange', () => this.flush('rate'));
    const hide = () => {
      if (document.visibilityState === 'hidden') this.flush('hide', true);
    };
    document.addEventListener('visibilitychange', hide);
    this.off.push(() => document.removeEventListener('visibilitychange', hide));
    const pagehide = () => this.flush('pagehide', true);
    window.addEventListener('pagehide', pagehide);
    this.off.push(() => window.removeEventListener('pagehide', pagehide));
    this.timer = setInterval(() => this.flush('beat'), o.beatMs ?? 10_000);
  }

  private onPlaying(): void {
    if (this.stallStart > 0) {
      this.stalls += 1;
      this.stallMs += Math.round(performance.now() - this.stallStart);
      this.stallStart = 0;
    }
    if (!this.started) {
      this.started = true;
      this.push('stream_start');
    }
    this.checkRendition();
  }

  private onTime(): void {
    const v = this.o.video;
    if (v.paused || v.seeking) return;
    const t = v.currentTime;
    const o = this.open;
    // continuous play moves forward by about 0.25 s × rate between updates
    if (o && t >= o[1] && t - o[1] <= 1.5 * Math.max(1, v.playbackRate)) o[1] = t;
    else {
      this.close();
      this.open = [t, t];
    }
    this.checkRendition();
  }

  private checkRendition(): void {
    const r = this.o.rendition?.() ?? null;
    if (r && this.rendition && r.name !== this.rendition.name) {
      // what was played so far belongs to the old rendition
      this.flush('quality');
    }
    if (r) this.rendition = r;
  }

  private close(): void {
    const o = this.open;
    if (o && o[1] > o[0]) this.ranges.push([Math.round(o[0] * 1000) / 1000, Math.round(o[1] * 1000) / 1000]);
    this.open = null;
  }

  private push(type: PlaybackEvent['type']): void {
    const v = this.o.video;
    this.queue.push({
      type,
      position: Math.round(v.currentTime * 1000) / 1000,
      ranges: this.ranges.splice(0),
      ...(this.rendition ? { rendition: this.rendition.name, ...(this.rendition.bitrate ? { bitrate: Math.round(this.rendition.bitrate) } : {}) } : {}),
      stalls: this.stalls,
      stallMs: this.stallMs,
      rate: v.playbackRate || 1,
    });
    this.stalls = 0;
    this.stallMs = 0;
  }

  /** Closes the open range (keeping its end as the next start when still playing) and sends. */
  flush(_why: string, leaving = false): void {
    const v = this.o.video;
    const o = this.open;
    this.close();
    if (o && !v.paused && !v.seeking && !leaving) this.open = [o[1], o[1]];
    if (this.ranges.length > 0 || this.stallMs > 0) this.push('stream_progress');
    void this.send(leaving);
  }

  private async send(leaving: boolean): Promise<void> {
    if (this.queue.length === 0 || !this.started) return;
    const events = this.queue.splice(0, 50);
    const body = JSON.stringify({ playback: this.o.playback.token, seq: this.seq++, ...(this.viewer ? { viewer: this.viewer } : {}), ...(this.o.referrer ? { referrer: this.o.referrer } : {}), events });
    if (leaving && typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(this.o.endpoint, new Blob([body], { type: 'application/json' }))) return;
    await fetch(this.o.endpoint, { method: 'POST', body, headers: { 'content-type': 'application/json' }, keepalive: true, credentials: 'same-origin' }).catch(() => undefined);
  }

  stop(): void {
    this.flush('stop', true);
    clearInterval(this.timer);
    for (const f of this.off.splice(0)) f();
  }
}
