/**
 * The embed's player script (public/player/embed.js): the player, and the embed's own parts around
 * it — the title bar that steps aside once it plays, and the player.js API towards the embedding
 * page (`api=1`).
 */
import { bootPlayers } from './boot';
import type { PlayerHandle } from './core';
import { PlayerJsReceiver, readySrc, type MediaAdapter } from './playerjs';
import type { PlayerSettings } from './settings';

function parentOrigin(): string | null {
  const ancestors = (window.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0] ?? null;
  try {
    return document.referrer ? new URL(document.referrer).origin : null;
  } catch {
    return null;
  }
}

function embedParts({ video }: PlayerHandle, s: PlayerSettings): void {
  const page = document.getElementById('weft-root');
  video.addEventListener('play', () => page?.classList.add('started'));
  // the JS API (player.js), only to and from the embedding page
  if (!s.params.api || window.parent === window) return;
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

bootPlayers(embedParts);
