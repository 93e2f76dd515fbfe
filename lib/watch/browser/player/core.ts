/**
 * Weft's one player, for the watch page and the embed: a <video> with hls.js (light) and its own
 * controls, no framework. The page's HTML already holds the <video>, the settings (the signed
 * master playlist and the first rung's playlist inside them) and a preload of the first segment,
 * so the player starts before any framework does and its first request is answered from the
 * browser's cache. Each surface adds its parts around it (the watch page's panels through the
 * handle, the embed's title bar and player.js API in embed.ts).
 *
 * Behaviours: ABR with a quality menu, captions, speed, picture-in-picture, full screen, YouTube's
 * keys, resume where this browser left off, storyboard scrub previews, chapter/comment/reaction
 * marks, CDN failover and signature renewal (loader.ts), playback events (reporter.ts), and a
 * recording that is still going on (a growing playlist, played from its start).
 */
import Hls from 'hls.js/light';
import { formatDuration } from '../../../shared/format';
import { parseStoryboardVtt, type ThumbnailCue } from '../../../shared/storyboard-vtt';
import { PLAYBACK_RATES } from '../embed-params';
import { keyAction, type KeyAction } from './keys';
import { mediaLoader } from './loader';
import { SignatureRenewer } from './renew';
import { PlaybackReporter } from './reporter';
import type { CaptionTrack, PlayerSettings, TimelineMark } from './settings';
import { PLAYER_CSS } from './style';

export interface PlayerHandle {
  readonly root: HTMLElement;
  readonly video: HTMLVideoElement;
  /** Moves to `seconds` and plays. */
  seek(seconds: number): void;
  /** Calls `fn` with the time as it moves; returns the unsubscribe. */
  onTime(fn: (seconds: number) => void): () => void;
  setMarks(marks: TimelineMark[]): void;
  setCaptions(tracks: CaptionTrack[]): void;
  setStoryboard(storyboard: PlayerSettings['storyboard']): void;
  /** The rung heights on offer, highest first. */
  qualities(): number[];
  /** Plays one rung (its height), or chooses automatically (null). */
  setQuality(height: number | null): void;
  destroy(): void;
}

const RATE_KEY = 'weft.playbackRate';
const positionKey = (id: string) => `weft.position.${id}`;

function store(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked (a third-party frame, private mode)
  }
}

/** Icons drawn with SVG (a font may lack the symbols). */
const ICON = {
  play: '<path d="M8 5v14l11-7z"/>',
  pause: '<path d="M7 5h4v14H7zM13 5h4v14h-4z"/>',
  sound: '<path d="M4 9v6h4l5 4V5L8 9H4zm12.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4z"/>',
  muted: '<path d="M4 9v6h4l5 4V5L8 9H4zm11.6 0L14 10.6l1.4 1.4-1.4 1.4 1.6 1.6 1.4-1.4 1.4 1.4 1.6-1.6-1.4-1.4 1.4-1.4L18.4 9 17 10.4z"/>',
  pip: '<path d="M3 5h18v14H3zm2 2v10h14V7zm6 4h7v5h-7z"/>',
  full: '<path d="M4 4h6v2H6v4H4zm10 0h6v6h-2V6h-4zM4 14h2v4h4v2H4zm14 0h2v6h-6v-2h4z"/>',
  exitFull: '<path d="M8 4h2v6H4V8h4zm6 0h2v4h4v2h-6zM4 14h6v6H8v-4H4zm10 0h6v2h-4v4h-2z"/>',
};
function icon(button: HTMLElement, name: keyof typeof ICON): void {
  button.innerHTML = `<svg viewBox="0 0 24 24" width="20" height="20" fill="currentColor" aria-hidden="true" focusable="false">${ICON[name]}</svg>`;
}

const fmt = (s: number) => formatDuration(Number.isFinite(s) ? s * 1000 : 0);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The player's CSS, once per document (the server's markup brings it; a player mounted later adds it). */
function ensureStyle(): void {
  if (document.getElementById('weft-player-style')) return;
  const style = el('style', { id: 'weft-player-style' });
  style.textContent = PLAYER_CSS;
  document.head.appendChild(style);
}

/** Starts the player in `root` (which may already hold the page's <video class="weft-video">). */
export function createPlayer(root: HTMLElement, s: PlayerSettings): PlayerHandle {
  // the way to the first frame, for the browser's performance timeline (bench:player prints it)
  const mark = (name: string) => performance.mark?.(`weft:${name}`);
  mark('player-start');
  ensureStyle();
  const p = s.params;
  const cleanups: Array<() => void> = [];
  const listen = <T extends EventTarget>(target: T, type: string, fn: (e: Event) => void, opts?: AddEventListenerOptions) => {
    target.addEventListener(type, fn, opts);
    cleanups.push(() => target.removeEventListener(type, fn, opts));
  };

  root.classList.add('weft-player', 'paused');
  if (!root.hasAttribute('tabindex')) root.tabIndex = 0;
  root.setAttribute('role', 'region');
  root.setAttribute('aria-label', 'Video player');
  const video = root.querySelector<HTMLVideoElement>('video.weft-video') ?? el('video', { class: 'weft-video', playsinline: '', preload: 'auto' });
  if (!video.parentElement) root.prepend(video);
  if (s.poster && !video.poster) video.poster = s.poster;
  video.muted = p.muted || p.autoplay; // autoplay is allowed muted
  video.loop = p.loop;

  // the stream
  const renewer = s.renewUrl ? new SignatureRenewer(s.renewUrl) : null;
  let hls: Hls | null = null;
  if (Hls.isSupported()) {
    hls = new Hls({
      capLevelToPlayerSize: true,
      loader: mediaLoader(s.bases, renewer, s.playlists),
      // a recording still going on plays from its start, as a finished one would
      ...(s.live ? { startPosition: 0, liveSyncDurationCount: 1 } : {}),
      // the first segment is asked for at once (not after the first playlist refresh)
      startFragPrefetch: true,
    });
    const h = hls;
    if (s.startHeight !== null) {
      h.once(Hls.Events.MANIFEST_PARSED, () => {
        const i = h.levels.findIndex((l) => l.height === s.startHeight);
        if (i >= 0) h.startLevel = i;
      });
    }
    h.once(Hls.Events.MANIFEST_PARSED, () => mark('manifest-parsed'));
    h.once(Hls.Events.MEDIA_ATTACHED, () => mark('media-attached'));
    h.once(Hls.Events.FRAG_LOADED, () => mark('first-segment-loaded'));
    h.once(Hls.Events.FRAG_PARSED, () => mark('first-segment-parsed'));
    h.once(Hls.Events.FRAG_BUFFERED, () => mark('first-segment-buffered'));
    h.loadSource(s.master);
    h.attachMedia(video);
    h.on(Hls.Events.ERROR, (_e, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) h.recoverMediaError();
      else showError('This video could not be loaded. Check your connection and reload the page.');
    });
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = s.master;
  }

  // where to start: ?t=, else where this browser left off; the speed chosen last
  const saved = s.resume ? Number(store()?.getItem(positionKey(s.videoId))) : 0;
  const startAt = s.startAt > 0 ? s.startAt : p.start > 0 ? p.start : Number.isFinite(saved) && saved > 0 ? saved : 0;
  const savedRate = Number(store()?.getItem(RATE_KEY));
  const rate = p.playbackRate !== 1 ? p.playbackRate : (PLAYBACK_RATES as readonly number[]).includes(savedRate) ? savedRate : 1;
  listen(
    video,
    'loadedmetadata',
    () => {
      if (startAt > 0 && (!Number.isFinite(video.duration) || startAt < video.duration)) video.currentTime = startAt;
      video.playbackRate = rate;
      if (p.autoplay) void video.play().catch(() => undefined);
    },
    { once: true },
  );
  let lastSave = 0;
  listen(video, 'timeupdate', () => {
    if (!s.resume) return;
    const now = Date.now();
    if (now - lastSave < 3000) return;
    lastSave = now;
    const t = video.currentTime;
    const d = video.duration;
    if (!Number.isFinite(d) || d <= 0) return;
    if (t < 5 || t > d - 5) store()?.removeItem(positionKey(s.videoId));
    else store()?.setItem(positionKey(s.videoId), String(Math.floor(t)));
  });
  listen(video, 'ended', () => store()?.removeItem(positionKey(s.videoId)));
  listen(video, 'ratechange', () => store()?.setItem(RATE_KEY, String(video.playbackRate)));
  listen(video, 'play', () => root.classList.add('started'));

  // controls
  const bar = el('div', { class: 'weft-bar' });
  const playBtn = el('button', { type: 'button', class: 'weft-btn', 'aria-label': 'Play', 'data-testid': 'player-play' });
  const time = el('span', { class: 'weft-time', 'aria-hidden': 'true' }, '0:00');
  const seekWrap = el('div', { class: 'weft-seekwrap' });
  const seek = el('input', { type: 'range', min: '0', max: '1000', value: '0', step: '1', 'aria-label': 'Seek', class: 'weft-seek', 'data-testid': 'player-seek' });
  const marksLayer = el('div', { class: 'weft-marks', 'aria-hidden': 'true' });
  seekWrap.append(seek, marksLayer);
  const muteBtn = el('button', { type: 'button', class: 'weft-btn', 'aria-label': 'Mute', 'data-testid': 'player-mute' });
  const ccBtn = el('button', { type: 'button', class: 'weft-btn weft-cc', 'aria-label': 'CC: captions', 'aria-pressed': 'false', 'data-testid': 'player-captions' }, 'CC');
  // with captions in several languages: which one (the CC button turns the chosen one on and off)
  const ccSel = el('select', { class: 'weft-select weft-ccsel', 'aria-label': 'Captions language', 'data-testid': 'player-captions-language' });
  const rateSel = el('select', { class: 'weft-select', 'aria-label': 'Speed', 'data-testid': 'player-speed' });
  for (const r of PLAYBACK_RATES) rateSel.appendChild(el('option', { value: String(r) }, `${r}×`));
  rateSel.value = String(rate);
  const qualitySel = el('select', { class: 'weft-select', 'aria-label': 'Quality', 'data-testid': 'quality-select' });
  qualitySel.appendChild(el('option', { value: 'auto' }, 'Auto'));
  qualitySel.hidden = true;
  const pipBtn = el('button', { type: 'button', class: 'weft-btn', 'aria-label': 'Picture in picture', 'data-testid': 'player-pip' });
  icon(pipBtn, 'pip');
  const fsBtn = el('button', { type: 'button', class: 'weft-btn', 'aria-label': 'Full screen', 'data-testid': 'player-fullscreen' });
  icon(fsBtn, 'full');
  const big = el('button', { type: 'button', class: 'weft-big', 'aria-label': 'Play video' });
  icon(big, 'play');
  const live = el('span', { class: 'weft-live', hidden: '' }, 'Recording');
  const status = el('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const errorBox = el('div', { class: 'weft-error', role: 'alert', hidden: '' });
  bar.append(playBtn, time, seekWrap, live, muteBtn, ccBtn, ccSel, rateSel, qualitySel);
  ccSel.hidden = true;
  if (document.pictureInPictureEnabled) bar.append(pipBtn);
  bar.append(fsBtn);
  ccBtn.hidden = true;
  live.hidden = !s.live;
  if (p.controls) root.append(big, bar);
  root.append(status, errorBox);

  function showError(text: string): void {
    errorBox.textContent = text;
    errorBox.hidden = false;
  }

  const toggle = () => (video.paused ? void video.play().catch(() => undefined) : video.pause());
  const captionTracks = (): TextTrack[] => Array.from(video.textTracks).filter((t) => t.kind === 'captions' || t.kind === 'subtitles');
  let chosen: string | null = null;
  /** The track showing, else the one chosen last, else the first. */
  const captionTrack = (): TextTrack | null => {
    const all = captionTracks();
    return all.find((t) => t.mode === 'showing') ?? all.find((t) => t.language === chosen) ?? all[0] ?? null;
  };
  const syncCaptions = () => {
    const all = captionTracks();
    const t = captionTrack();
    ccBtn.hidden = !t;
    const on = t?.mode === 'showing';
    ccBtn.classList.toggle('on', on);
    ccBtn.setAttribute('aria-pressed', String(on));
    ccSel.hidden = all.length < 2;
    const options = all.map((x) => `${x.language}:${x.label}`).join('|');
    if (ccSel.dataset.options !== options) {
      ccSel.dataset.options = options;
      ccSel.replaceChildren(...all.map((x) => el('option', { value: x.language }, x.label || x.language)));
    }
    if (t) ccSel.value = t.language;
  };
  ccSel.onchange = () => {
    chosen = ccSel.value;
    for (const x of captionTracks()) x.mode = x.language === chosen ? 'showing' : 'disabled';
    syncCaptions();
    status.textContent = `Captions: ${ccSel.selectedOptions[0]?.textContent ?? chosen}`;
  };
  const toggleCaptions = () => {
    const t = captionTrack();
    if (t) {
      const show = t.mode !== 'showing';
      for (const x of captionTracks()) x.mode = 'disabled';
      t.mode = show ? 'showing' : 'disabled';
      chosen = t.language;
    }
    syncCaptions();
    status.textContent = t?.mode === 'showing' ? 'Captions on' : 'Captions off';
  };
  const fullscreen = () => (document.fullscreenElement ? void document.exitFullscreen().catch(() => undefined) : void root.requestFullscreen?.().catch(() => undefined));
  playBtn.onclick = toggle;
  big.onclick = toggle;
  listen(video, 'click', toggle);
  muteBtn.onclick = () => (video.muted = !video.muted);
  ccBtn.onclick = toggleCaptions;
  pipBtn.onclick = () => void (document.pictureInPictureElement ? document.exitPictureInPicture() : video.requestPictureInPicture()).catch(() => undefined);
  fsBtn.onclick = fullscreen;
  listen(document, 'fullscreenchange', () => {
    const on = document.fullscreenElement === root;
    icon(fsBtn, on ? 'exitFull' : 'full');
    fsBtn.setAttribute('aria-label', on ? 'Exit full screen' : 'Full screen');
  });
  rateSel.onchange = () => (video.playbackRate = Number(rateSel.value));
  listen(video, 'ratechange', () => (rateSel.value = String(video.playbackRate)));
  seek.oninput = () => {
    if (Number.isFinite(video.duration)) video.currentTime = (Number(seek.value) / 1000) * video.duration;
  };
  const sync = () => {
    icon(playBtn, video.paused ? 'play' : 'pause');
    playBtn.setAttribute('aria-label', video.paused ? 'Play' : 'Pause');
    root.classList.toggle('paused', video.paused);
    const quiet = video.muted || video.volume === 0;
    icon(muteBtn, quiet ? 'muted' : 'sound');
    muteBtn.setAttribute('aria-label', quiet ? 'Unmute' : 'Mute');
    const d = video.duration;
    time.textContent = `${fmt(video.currentTime)} / ${fmt(d)}`;
    seek.setAttribute('aria-valuetext', `${fmt(video.currentTime)} of ${fmt(d)}`);
    if (Number.isFinite(d) && d > 0 && document.activeElement !== seek) seek.value = String(Math.round((video.currentTime / d) * 1000));
  };
  for (const ev of ['play', 'pause', 'timeupdate', 'durationchange', 'volumechange', 'loadedmetadata']) listen(video, ev, sync);
  sync();

  // quality: automatic, or one rung
  const heights = (): number[] => (hls ? [...new Set(hls.levels.map((l) => l.height))].sort((a, b) => b - a) : []);
  const setQuality = (height: number | null) => {
    if (!hls) return;
    const i = height === null ? -1 : hls.levels.findIndex((l) => l.height === height);
    hls.currentLevel = i;
    qualitySel.value = i < 0 ? 'auto' : String(height);
  };
  if (hls) {
    const h = hls;
    h.on(Hls.Events.MANIFEST_PARSED, () => {
      for (const ht of heights()) qualitySel.appendChild(el('option', { value: String(ht) }, `${ht}p`));
      qualitySel.hidden = heights().length < 2;
      const wanted = p.quality ? Number.parseInt(p.quality, 10) : null;
      if (wanted && heights().includes(wanted)) setQuality(wanted);
    });
    h.on(Hls.Events.LEVEL_UPDATED, (_e, data) => {
      // a recording going on: its playlist ended (Stop), it is a video like any other now
      if (s.live && !data.details.live) live.hidden = true;
    });
  }
  qualitySel.onchange = () => setQuality(qualitySel.value === 'auto' ? null : Number(qualitySel.value));

  // captions: the transcript's WebVTT, shown when it is in the viewer's language (or asked for)
  let trackEls: HTMLTrackElement[] = [];
  const setCaptions = (tracks: CaptionTrack[]) => {
    const key = tracks.map((t) => t.url).join('|');
    if (key === trackEls.map((t) => t.src && t.getAttribute('src')).join('|')) return;
    for (const t of trackEls) t.remove();
    trackEls = [];
    const wanted = p.captions ?? (navigator.language || 'en').slice(0, 2);
    tracks.forEach((c, i) => {
      const t = el('track', { kind: 'captions', src: c.url, srclang: c.lang, label: c.label });
      if (p.captions !== 'off' && (c.lang === wanted || (p.captions === null && i === 0 && c.lang === 'und'))) t.setAttribute('default', '');
      video.appendChild(t);
      trackEls.push(t);
    });
    syncCaptions();
  };
  listen(video.textTracks, 'addtrack', syncCaptions);
  listen(video.textTracks, 'change', syncCaptions);
  setCaptions(s.captions);

  // timeline marks: chapter starts, comments, reactions
  let marks = s.marks;
  const drawMarks = () => {
    marksLayer.replaceChildren();
    const d = video.duration;
    if (!Number.isFinite(d) || d <= 0) return;
    const chapters = marks.filter((m) => m.kind === 'chapter');
    for (const m of marks) {
      // the first chapter starts at 0: no mark
      if (m.kind === 'chapter' && chapters.length > 0 && m === chapters[0]) continue;
      const mark = el('div', { class: m.kind === 'chapter' ? 'chapter-mark' : `timeline-mark ${m.kind}`, title: m.label });
      if (m.kind !== 'chapter') mark.setAttribute('data-testid', `mark-${m.kind}`);
      mark.style.left = `${Math.min(100, (100 * m.atSec) / d)}%`;
      marksLayer.appendChild(mark);
    }
  };
  listen(video, 'durationchange', drawMarks);
  drawMarks();

  // scrub previews: the storyboard tile under the pointer, above the seek bar
  let cues: ThumbnailCue[] = [];
  let storyboardKey = '';
  let storyboardAbort: AbortController | null = null;
  const tip = el('div', { class: 'scrub-preview', 'data-testid': 'scrub-preview', hidden: '' });
  const tipImage = el('div', { class: 'scrub-preview-image' });
  const tipLabel = el('span');
  tip.append(tipImage, tipLabel);
  seekWrap.appendChild(tip);
  const setStoryboard = (sb: PlayerSettings['storyboard']) => {
    const key = sb ? sb.track : '';
    if (key === storyboardKey) return;
    storyboardKey = key;
    storyboardAbort?.abort();
    cues = [];
    if (!sb) return;
    const controller = new AbortController();
    storyboardAbort = controller;
    // after the first frame: nothing here is on the way to it
    const load = () =>
      void fetch(sb.track, { signal: controller.signal })
        .then((r) => (r.ok ? r.text() : ''))
        .then((text) => {
          cues = parseStoryboardVtt(text, () => sb.sprite);
        })
        .catch(() => undefined);
    if (video.readyState >= 2) load();
    else video.addEventListener('loadeddata', load, { once: true, signal: controller.signal });
  };
  setStoryboard(s.storyboard);
  listen(seekWrap, 'mousemove', (e) => {
    const d = video.duration;
    const rect = seek.getBoundingClientRect();
    if (!Number.isFinite(d) || d <= 0 || rect.width === 0) return;
    const x = (e as MouseEvent).clientX;
    const t = Math.min(1, Math.max(0, (x - rect.left) / rect.width)) * d;
    tipLabel.textContent = fmt(t);
    const cue = cues.find((c) => t >= c.start && t < c.end) ?? cues[cues.length - 1];
    const w = cue ? cue.w : 60;
    if (cue) {
      tipImage.hidden = false;
      tipImage.style.width = `${cue.w}px`;
      tipImage.style.height = `${cue.h}px`;
      tipImage.style.backgroundImage = `url("${cue.url}")`;
      tipImage.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
    } else tipImage.hidden = true;
    const host = seekWrap.getBoundingClientRect();
    const left = Math.min(host.width - w / 2, Math.max(w / 2, x - host.left));
    tip.style.left = `${left}px`;
    tip.hidden = false;
  });
  listen(seekWrap, 'mouseleave', () => (tip.hidden = true));

  // YouTube's keys, while the player has focus
  const run = (a: KeyAction) => {
    const d = video.duration;
    if (a.kind === 'toggle') toggle();
    else if (a.kind === 'seekBy') video.currentTime = Math.max(0, Math.min(Number.isFinite(d) ? d : Infinity, video.currentTime + a.seconds));
    else if (a.kind === 'seekTo') {
      if (Number.isFinite(d)) video.currentTime = d * a.fraction;
    } else if (a.kind === 'mute') video.muted = !video.muted;
    else if (a.kind === 'fullscreen') fullscreen();
    else if (a.kind === 'captions') toggleCaptions();
  };
  listen(root, 'keydown', (ev) => {
    const e = ev as KeyboardEvent;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement;
    if (target.tagName === 'SELECT' || target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && !(target === seek && /^[0-9jklmfcJKLMFC ]$/.test(e.key)))) return;
    if ((e.key === ' ' || e.key === 'Enter') && target.tagName === 'BUTTON') return;
    const a = keyAction(e.key);
    if (!a) return;
    e.preventDefault();
    run(a);
  });

  // playback events for the owner's insights
  const reporter = s.analytics
    ? new PlaybackReporter({
        video,
        endpoint: s.analytics.endpoint,
        playback: s.analytics.playback,
        referrer: s.analytics.referrer ? document.referrer || undefined : undefined,
        rendition: () => {
          const l = hls && hls.currentLevel >= 0 ? hls.levels[hls.currentLevel] : undefined;
          return l ? { name: `${l.height}p`, bitrate: l.bitrate } : null;
        },
      })
    : null;

  return {
    root,
    video,
    seek(seconds) {
      video.currentTime = Math.max(0, seconds);
      void video.play().catch(() => undefined);
    },
    onTime(fn) {
      const f = () => fn(video.currentTime);
      video.addEventListener('timeupdate', f);
      return () => video.removeEventListener('timeupdate', f);
    },
    setMarks(next) {
      marks = next;
      drawMarks();
    },
    setCaptions,
    setStoryboard,
    qualities: heights,
    setQuality,
    destroy() {
      reporter?.stop();
      storyboardAbort?.abort();
      for (const f of cleanups.splice(0)) f();
      hls?.destroy();
      bar.remove();
      big.remove();
      status.remove();
      errorBox.remove();
    },
  };
}
