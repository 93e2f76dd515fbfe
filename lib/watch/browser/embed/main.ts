/**
 * The embed's player: a <video> with hls.js (light) and a small set of controls — no framework, so
 * the frame ships little JavaScript and shows its first frame about as soon as a bare hls.js page
 * would. Bundled by scripts/build-embed.mjs into public/embed/player.js; the page (app/embed/[id])
 * hands it its settings as JSON in #weft-embed.
 */
import { formatDuration } from '../../../shared/format';
import Hls from 'hls.js/light';
import { PlaybackReporter } from '../reporter';
import { mediaLoader } from './failover';
import { SignatureRenewer } from './renew';
import { keyAction, type KeyAction } from '../keys';
import type { EmbedParams } from '../embed-params';
import { PlayerJsReceiver, readySrc, type MediaAdapter } from '../playerjs';

interface Settings {
  videoId: string;
  master: string;
  poster: string | null;
  captions: Array<{ lang: string; label: string; url: string }>;
  params: EmbedParams;
  analytics: { endpoint: string; playback: { token: string; nextSeq: number } } | null;
  /** Media bases, best first (CDNs, then the origin ''): a failed request moves to the next. */
  bases: string[];
  /** The stream API for fresh media URLs when access changed (renew.ts). */
  renewUrl?: string;
}

const RATE_KEY = 'weft.playbackRate';
const positionKey = (id: string) => `weft.position.${id}`;
const RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5];

function store(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
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
};
function icon(button: HTMLElement, name: keyof typeof ICON): void {
  button.innerHTML = `<svg viewBox="0 0 24 24" width="20" height="20" fill="currentColor" aria-hidden="true">${ICON[name]}</svg>`;
}

// the site's one formatter (whole seconds counted down)
const fmt = (s: number) => formatDuration(Number.isFinite(s) ? s * 1000 : 0);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function parentOrigin(): string | null {
  const ancestors = (window.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0] ?? null;
  try {
    return document.referrer ? new URL(document.referrer).origin : null;
  } catch {
    return null;
  }
}

function start(root: HTMLElement, s: Settings): void {
  const p = s.params;
  // the page's own <video> (made with the HTML, so the browser has it before this script runs)
  const video = (root.querySelector('video.weft-video') as HTMLVideoElement | null) ?? el('video', { playsinline: '', preload: 'auto', 'aria-label': 'Video', class: 'weft-video' });
  if (s.poster) video.poster = s.poster;
  video.muted = p.muted || p.autoplay; // autoplay is allowed muted
  video.loop = p.loop;
  for (const [i, c] of s.captions.entries()) {
    const t = el('track', { kind: 'captions', src: c.url, srclang: c.lang, label: c.label });
    const wanted = p.captions ?? (navigator.language || 'en').slice(0, 2);
    if (p.captions !== 'off' && (c.lang === wanted || (p.captions === null && i === 0 && c.lang === 'und'))) t.setAttribute('default', '');
    video.appendChild(t);
  }
  if (!video.parentElement) {
    const holder = el('div', { 'data-testid': 'player', tabindex: '0', class: 'weft-holder' });
    holder.appendChild(video);
    root.prepend(holder);
  }

  // the stream
  let hls: Hls | null = null;
  if (Hls.isSupported()) {
    hls = new Hls({ capLevelToPlayerSize: true, loader: mediaLoader(s.bases, s.renewUrl ? new SignatureRenewer(s.renewUrl) : null) });
    hls.loadSource(s.master);
    hls.attachMedia(video);
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = s.master;
  }
  if (s.analytics) {
    const h = hls;
    new PlaybackReporter({
      video,
      endpoint: s.analytics.endpoint,
      playback: s.analytics.playback,
      // the site the embed is on
      referrer: document.referrer || undefined,
      rendition: () => {
        const l = h && h.currentLevel >= 0 ? h.levels[h.currentLevel] : undefined;
        return l ? { name: `${l.height}p`, bitrate: l.bitrate } : null;
      },
    });
  }

  // where to start: ?t=, else where this browser left off
  const saved = Number(store()?.getItem(positionKey(s.videoId)));
  const startAt = p.start > 0 ? p.start : Number.isFinite(saved) && saved > 0 ? saved : 0;
  const savedRate = Number(store()?.getItem(RATE_KEY));
  const rate = p.playbackRate !== 1 ? p.playbackRate : RATES.includes(savedRate) ? savedRate : 1;
  video.addEventListener(
    'loadedmetadata',
    () => {
      if (startAt > 0 && startAt < video.duration) video.currentTime = startAt;
      video.playbackRate = rate;
      if (p.autoplay) void video.play().catch(() => undefined);
    },
    { once: true },
  );
  let lastSave = 0;
  video.addEventListener('timeupdate', () => {
    const now = Date.now();
    if (now - lastSave < 3000) return;
    lastSave = now;
    const t = video.currentTime;
    if (t < 5 || t > video.duration - 5) store()?.removeItem(positionKey(s.videoId));
    else store()?.setItem(positionKey(s.videoId), String(Math.floor(t)));
  });
  video.addEventListener('ratechange', () => store()?.setItem(RATE_KEY, String(video.playbackRate)));
  video.addEventListener('play', () => root.classList.add('started'));

  // controls
  const bar = el('div', { class: 'weft-bar' });
  const playBtn = el('button', { type: 'button', class: 'weft-btn', 'aria-label': 'Play' });
  const time = el('span', { class: 'weft-time' }, '0:00');
  const seek = el('input', { type: 'range', min: '0', max: '1000', value: '0', step: '1', 'aria-label': 'Seek', class: 'weft-seek' });
  const muteBtn = el('button', { type: 'button', class: 'weft-btn', 'aria-label': 'Mute' });
  const ccBtn = el('button', { type: 'button', class: 'weft-btn', 'aria-label': 'CC: captions' }, 'CC');
  const rateSel = el('select', { class: 'weft-select', 'aria-label': 'Speed' });
  for (const r of RATES) rateSel.appendChild(el('option', { value: String(r) }, `${r}×`));
  rateSel.value = String(rate);
  const qualitySel = el('select', { class: 'weft-select', 'aria-label': 'Quality' });
  qualitySel.appendChild(el('option', { value: '-1' }, 'Auto'));
  const pipBtn = el('button', { type: 'button', class: 'weft-btn', 'aria-label': 'Picture in picture' });
  icon(pipBtn, 'pip');
  const fsBtn = el('button', { type: 'button', class: 'weft-btn', 'aria-label': 'Full screen' });
  icon(fsBtn, 'full');
  const big = el('button', { type: 'button', class: 'weft-big', 'aria-label': 'Play video' });
  icon(big, 'play');
  bar.append(playBtn, time, seek, muteBtn);
  if (s.captions.length > 0) bar.append(ccBtn);
  bar.append(rateSel, qualitySel);
  if (document.pictureInPictureEnabled) bar.append(pipBtn);
  bar.append(fsBtn);
  if (p.controls) root.append(big, bar);

  const toggle = () => (video.paused ? void video.play().catch(() => undefined) : video.pause());
  const toggleCaptions = () => {
    const t = video.textTracks[0];
    if (t) t.mode = t.mode === 'showing' ? 'disabled' : 'showing';
    ccBtn.classList.toggle('on', t?.mode === 'showing');
  };
  const fullscreen = () => (document.fullscreenElement ? void document.exitFullscreen() : void root.requestFullscreen?.().catch(() => undefined));
  playBtn.onclick = toggle;
  big.onclick = toggle;
  video.onclick = toggle;
  muteBtn.onclick = () => (video.muted = !video.muted);
  ccBtn.onclick = toggleCaptions;
  pipBtn.onclick = () => void (document.pictureInPictureElement ? document.exitPictureInPicture() : video.requestPictureInPicture()).catch(() => undefined);
  fsBtn.onclick = fullscreen;
  rateSel.onchange = () => (video.playbackRate = Number(rateSel.value));
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
    if (Number.isFinite(d) && d > 0 && document.activeElement !== seek) seek.value = String(Math.round((video.currentTime / d) * 1000));
  };
  for (const ev of ['play', 'pause', 'timeupdate', 'durationchange', 'volumechange', 'loadedmetadata']) video.addEventListener(ev, sync);
  sync();

  if (hls) {
    const h = hls;
    h.on(Hls.Events.MANIFEST_PARSED, () => {
      const heights = [...new Set(h.levels.map((l) => l.height))].sort((a, b) => b - a);
      for (const ht of heights) qualitySel.appendChild(el('option', { value: String(ht) }, `${ht}p`));
      const wanted = p.quality ? Number.parseInt(p.quality, 10) : null;
      if (wanted && heights.includes(wanted)) {
        h.currentLevel = h.levels.findIndex((l) => l.height === wanted);
        qualitySel.value = String(wanted);
      }
      if (heights.length < 2) qualitySel.hidden = true;
    });
    qualitySel.onchange = () => {
      const v = Number(qualitySel.value);
      h.currentLevel = v < 0 ? -1 : h.levels.findIndex((l) => l.height === v);
    };
  } else {
    qualitySel.hidden = true;
  }

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
  root.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement;
    if (target.tagName === 'SELECT' || target.tagName === 'INPUT') return;
    if ((e.key === ' ' || e.key === 'Enter') && target.tagName === 'BUTTON') return;
    const a = keyAction(e.key);
    if (!a) return;
    e.preventDefault();
    run(a);
  });

  // the JS API (player.js), only to and from the embedding page
  if (p.api && window.parent !== window) {
    const media: MediaAdapter = {
      play: () => void video.play().catch(() => undefined),
      pause: () => video.pause(),
      paused: () => video.paused,
      setMuted: (m) => void (video.muted = m),
      muted: () => video.muted,
      setVolume: (v) => void (video.volume = v),
      volume: () => video.volume,
      duration: () => (Number.isFinite(video.duration) ? video.duration : 0),
      setCurrentTime: (t) => void (video.currentTime = t),
      currentTime: () => video.currentTime,
      setLoop: (l) => void (video.loop = l),
      loop: () => video.loop,
      buffered: () => (video.buffered.length > 0 ? video.buffered.end(video.buffered.length - 1) : 0),
      on: (event, fn) => {
        video.addEventListener(event, fn);
        return () => video.removeEventListener(event, fn);
      },
    };
    const origin = parentOrigin();
    const receiver = new PlayerJsReceiver(media, { parent: window.parent, parentOrigin: origin, src: readySrc(window.location.href, origin !== null) });
    receiver.start();
    window.addEventListener('message', (e) => receiver.receive(e));
    // ready once the media knows its length, so getDuration and seeking answer meaningfully
    if (video.readyState >= 1) receiver.ready();
    else video.addEventListener('loadedmetadata', () => receiver.ready(), { once: true });
  }
}

const root = document.getElementById('weft-root');
const config = document.getElementById('weft-embed');
if (root && config?.textContent) start(root, JSON.parse(config.textContent) as Settings);
