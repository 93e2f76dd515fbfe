'use client';

import { useEffect, useRef, useState } from 'react';
import { SignatureRenewer } from '@/lib/watch/browser/embed/renew';
import { chooseQuality, installFailover, installHotkeys, qualityHeights, qualityLevels, rememberPosition, rememberRate } from './behaviours';
import videojs from 'video.js';
import 'video.js/dist/video-js.css';
import { parseStoryboardVtt, type ThumbnailCue } from '@/lib/process/media/storyboard';
import { formatDuration } from '@/lib/shared/format';
import { PlaybackReporter } from '@/lib/watch/browser/reporter';

type VjsPlayer = ReturnType<typeof videojs>;

export interface StoryboardUrls {
  track: string;
  sprite: string;
}

export interface CaptionTrack {
  lang: string;
  label: string;
  url: string;
}

/** What the page may do with the player: seek, and hear the time. */
export interface PlayerControl {
  seek(seconds: number): void;
}

/** How the player starts (the embed's URL parameters; the watch page uses the defaults). */
export interface PlaybackOptions {
  autoplay?: boolean;
  muted?: boolean;
  loop?: boolean;
  controls?: boolean;
  playbackRate?: number;
  /** A language, `off`, or null: on when it matches the viewer's language. */
  captions?: string | null;
  /** A rung such as `720p`, or null for automatic. */
  quality?: string | null;
}


/** video.js on the HLS master playlist; VHS picks the rendition from bandwidth and player size. */
export default function Player({
  master,
  poster,
  storyboard,
  captions = [],
  chapters = [],
  startAt = 0,
  controlRef,
  onTime,
  playback = {},
  onPlayer,
  markers = [],
  resumeKey,
  analytics,
  bases,
  renewUrl,
}: {
  master: string;
  poster: string | null;
  storyboard: StoryboardUrls | null;
  captions?: CaptionTrack[];
  /** Chapter starts, marked on the progress bar. */
  chapters?: Array<{ title: string; startSec: number }>;
  /** Seconds to start from (a ?t= link). */
  startAt?: number;
  controlRef?: { current: PlayerControl | null };
  onTime?: (seconds: number) => void;
  playback?: PlaybackOptions;
  /** The video.js player once it exists (the embed's JS API drives it). */
  onPlayer?: (player: VjsPlayer | null) => void;
  /** Comments and reactions, marked on the progress bar. */
  markers?: Array<{ atSec: number; kind: 'comment' | 'reaction'; label: string }>;
  /** Remember where this browser left off (the video's id); absent: no resume. */
  resumeKey?: string;
  /** Playback events for the owner's insights. */
  analytics?: { endpoint: string; playback: { token: string; nextSeq: number } };
  /** Media bases, best first (CDNs, then the origin ''): after a failed request, the next one is used. */
  bases?: string[];
  /** The stream API for fresh media URLs when the video's access changed (renew.ts). */
  renewUrl?: string;
}) {
  const [heights, setHeights] = useState<number[]>([]);
  const resumeRef = useRef(resumeKey);
  const [quality, setQuality] = useState<number | null>(playback.quality ? Number.parseInt(playback.quality, 10) : null);
  const playbackRef = useRef(playback);
  const onPlayerRef = useRef(onPlayer);
  useEffect(() => {
    onPlayerRef.current = onPlayer;
  }, [onPlayer]);
  const holder = useRef<HTMLDivElement>(null);
  const player = useRef<VjsPlayer | null>(null);
  const onTimeRef = useRef(onTime);
  useEffect(() => {
    onTimeRef.current = onTime;
  }, [onTime]);
  const startRef = useRef(startAt);
  const analyticsRef = useRef(analytics);
  const basesRef = useRef(bases);
  const renewRef = useRef(renewUrl);

  useEffect(() => {
    const el = document.createElement('video-js');
    el.classList.add('vjs-big-play-centered');
    el.setAttribute('data-testid', 'player');
    holder.current?.appendChild(el);
    const opts = playbackRef.current;
    const p = videojs(el, {
      controls: opts.controls ?? true,
      preload: 'auto',
      fill: true,
      playbackRates: [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5],
      poster: poster ?? undefined,
      muted: opts.muted ?? false,
      loop: opts.loop ?? false,
      // muted where the browser demands it: 'any' tries with sound, then muted
      autoplay: opts.autoplay ? (opts.muted ? 'muted' : 'any') : false,
      html5: {
        vhs: { useNetworkInformationApi: false, limitRenditionByPlayerDimensions: true, overrideNative: true },
        nativeAudioTracks: false,
        nativeVideoTracks: false,
      },
      sources: [{ src: master, type: 'application/x-mpegURL' }],
    });
    player.current = p;
    // a ?t= link wins; else where this browser left off
    const resumeAt = resumeRef.current ? rememberPosition(p, resumeRef.current) : 0;
    const startAtSec = startRef.current > 0 ? startRef.current : resumeAt;
    if (startAtSec > 0) p.one('loadedmetadata', () => p.currentTime(startAtSec));
    rememberRate(p, opts.playbackRate);
    const unhotkey = installHotkeys(p);
    if (opts.quality) {
      const wanted = Number.parseInt(opts.quality, 10);
      qualityLevels(p)?.on('addqualitylevel', () => chooseQuality(p, wanted));
    }
    const levels = qualityLevels(p);
    levels?.on('addqualitylevel', () => setHeights(qualityHeights(p)));
    onPlayerRef.current?.(p);
    p.on('timeupdate', () => onTimeRef.current?.(p.currentTime() ?? 0));
    installFailover(p, basesRef.current ?? [], renewRef.current ? new SignatureRenewer(renewRef.current) : null);
    const media = p.el().querySelector('video');
    const a = analyticsRef.current;
    const reporter =
      a && media
        ? new PlaybackReporter({
            video: media,
            endpoint: a.endpoint,
            playback: a.playback,
            rendition: () => {
              const ql = qualityLevels(p);
              const l = ql && ql.selectedIndex >= 0 ? ql[ql.selectedIndex] : undefined;
              return l?.height ? { name: `${l.height}p`, bitrate: l.bitrate } : null;
            },
          })
        : null;
    if (controlRef) {
      controlRef.current = {
        seek(seconds) {
          p.currentTime(seconds);
          void p.play()?.catch(() => undefined);
        },
      };
    }
    return () => {
      reporter?.stop();
      unhotkey();
      if (controlRef) controlRef.current = null;
      onPlayerRef.current?.(null);
      p.dispose();
      player.current = null;
    };
  }, [master, poster, controlRef]);

  // Captions from the transcript, shown by default when they are in the viewer's language.
  const captionKey = captions.map((c) => c.url).join('|');
  useEffect(() => {
    const p = player.current;
    if (!p || captions.length === 0) return;
    const chosen = playbackRef.current.captions ?? null;
    const wanted = chosen ?? (navigator.language || 'en').slice(0, 2);
    const added: Array<ReturnType<VjsPlayer['addRemoteTextTrack']>> = [];
    let gone = false;
    // the tech exists only once the player is ready; tracks added before would be dropped
    p.ready(() => {
      if (gone) return;
      captions.forEach((c, i) => {
        const el = p.addRemoteTextTrack(
          { kind: 'captions', src: c.url, srclang: c.lang, label: c.label, default: chosen === 'off' ? false : chosen ? c.lang === chosen : i === 0 && (c.lang === wanted || c.lang === 'und') },
          true,
        );
        if (el) added.push(el);
      });
    });
    return () => {
      gone = true;
      if (p.isDisposed()) return;
      for (const el of added) p.removeRemoteTextTrack(el as unknown as Parameters<VjsPlayer['removeRemoteTextTrack']>[0]);
    };
    // captionKey stands for the list's content
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [captionKey, master]);

  // Scrub previews: the storyboard tile under the pointer, above the progress bar.
  useEffect(() => {
    const p = player.current;
    if (!p || !storyboard) return;
    let cues: ThumbnailCue[] = [];
    const controller = new AbortController();
    void fetch(storyboard.track, { signal: controller.signal })
      .then((r) => (r.ok ? r.text() : ''))
      .then((text) => {
        cues = parseStoryboardVtt(text, () => storyboard.sprite);
      })
      .catch(() => undefined);

    const bar = p.el().querySelector<HTMLElement>('.vjs-progress-control');
    if (!bar) return () => controller.abort();
    const tip = document.createElement('div');
    tip.className = 'scrub-preview';
    tip.setAttribute('data-testid', 'scrub-preview');
    tip.hidden = true;
    const image = document.createElement('div');
    image.className = 'scrub-preview-image';
    const label = document.createElement('span');
    tip.append(image, label);
    p.el().appendChild(tip);
    p.addClass('has-storyboard'); // our preview carries the time; video.js's own tooltip steps aside

    const onMove = (e: MouseEvent) => {
      const duration = p.duration() ?? 0;
      const rect = bar.getBoundingClientRect();
      if (!duration || !Number.isFinite(duration) || cues.length === 0 || rect.width === 0) return;
      const fraction = Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width));
      const t = fraction * duration;
      const cue = cues.find((c) => t >= c.start && t < c.end) ?? cues[cues.length - 1];
      if (!cue) return;
      image.style.width = `${cue.w}px`;
      image.style.height = `${cue.h}px`;
      image.style.backgroundImage = `url("${cue.url}")`;
      image.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
      label.textContent = formatDuration(t * 1000);
      const host = p.el().getBoundingClientRect();
      const left = Math.min(host.width - cue.w - 8, Math.max(8, e.clientX - host.left - cue.w / 2));
      tip.style.left = `${left}px`;
      tip.hidden = false;
    };
    const onLeave = () => {
      tip.hidden = true;
    };
    bar.addEventListener('mousemove', onMove);
    bar.addEventListener('mouseleave', onLeave);
    return () => {
      controller.abort();
      bar.removeEventListener('mousemove', onMove);
      bar.removeEventListener('mouseleave', onLeave);
      tip.remove();
      if (!p.isDisposed()) p.removeClass('has-storyboard');
    };
  }, [storyboard, master]);

  // Marks on the timeline: chapter starts (as segment boundaries), comments and reactions
  const marks = [
    ...chapters.slice(chapters.length < 2 ? chapters.length : 1).map((c) => ({ atSec: c.startSec, className: 'chapter-mark', label: c.title, testId: null })),
    ...markers.map((m) => ({ atSec: m.atSec, className: `timeline-mark ${m.kind}`, label: m.label, testId: `mark-${m.kind}` })),
  ];
  const markKey = marks.map((m) => `${m.className}:${m.atSec}:${m.label}`).join('|');
  useEffect(() => {
    const p = player.current;
    if (!p || marks.length === 0) return;
    const holderEl = p.el().querySelector<HTMLElement>('.vjs-progress-holder');
    if (!holderEl) return;
    const els: HTMLElement[] = [];
    const draw = () => {
      for (const m of els.splice(0)) m.remove();
      const duration = p.duration() ?? 0;
      if (!duration || !Number.isFinite(duration)) return;
      for (const m of marks) {
        const el = document.createElement('div');
        el.className = m.className;
        el.title = m.label;
        if (m.testId) el.setAttribute('data-testid', m.testId);
        el.style.left = `${Math.min(100, (100 * m.atSec) / duration)}%`;
        holderEl.appendChild(el);
        els.push(el);
      }
    };
    draw();
    p.on('durationchange', draw);
    return () => {
      if (!p.isDisposed()) p.off('durationchange', draw);
      for (const m of els) m.remove();
    };
    // markKey stands for the list's content
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [markKey, master]);

  return (
    <div className="player-frame">
      <div ref={holder} data-vjs-player style={{ width: '100%', height: '100%' }} />
      {heights.length > 1 && playback.controls !== false && (
        <label className="quality-select">
          <span className="sr-only">Quality</span>
          <select
            value={quality ?? 'auto'}
            data-testid="quality-select"
            onChange={(e) => {
              const h = e.target.value === 'auto' ? null : Number(e.target.value);
              setQuality(h);
              if (player.current) chooseQuality(player.current, h);
            }}
          >
            <option value="auto">Auto</option>
            {heights.map((h) => (
              <option key={h} value={h}>
                {h}p
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
