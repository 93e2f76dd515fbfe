'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { StreamInfoView } from '@/lib/api/contract';
import type { EmbedParams } from '@/lib/embed/params';
import { PlayerJsReceiver, type MediaAdapter } from '@/lib/embed/playerjs';
import Player, { type VideoJsPlayer } from '@/app/player/Player';

/** video.js as the player.js protocol's media. */
function adapterOf(p: VideoJsPlayer): MediaAdapter {
  return {
    play: () => void p.play()?.catch(() => undefined),
    pause: () => p.pause(),
    paused: () => p.paused(),
    setMuted: (m) => void p.muted(m),
    muted: () => Boolean(p.muted()),
    setVolume: (v) => void p.volume(v),
    volume: () => p.volume() ?? 1,
    duration: () => {
      const d = p.duration() ?? 0;
      return Number.isFinite(d) ? d : 0;
    },
    setCurrentTime: (t) => void p.currentTime(t),
    currentTime: () => p.currentTime() ?? 0,
    setLoop: (l) => void p.loop(l),
    loop: () => Boolean(p.loop()),
    buffered: () => {
      const b = p.buffered();
      return b && b.length > 0 ? b.end(b.length - 1) : 0;
    },
    on: (event, fn) => {
      p.on(event, fn);
      return () => {
        if (!p.isDisposed()) p.off(event, fn);
      };
    },
  };
}

/** Where the embedding page is, as far as the browser tells. */
function parentOrigin(): string | null {
  const ancestors = (window.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0] ?? null;
  try {
    return document.referrer ? new URL(document.referrer).origin : null;
  } catch {
    return null;
  }
}

export default function EmbedPlayer(props: {
  videoId: string;
  title: string;
  watchUrl: string;
  stream: StreamInfoView;
  token: string | null;
  options: EmbedParams;
}) {
  const { stream, options, token } = props;
  const [started, setStarted] = useState(options.autoplay);
  const receiver = useRef<PlayerJsReceiver | null>(null);

  const onPlayer = useCallback(
    (p: VideoJsPlayer | null) => {
      receiver.current?.stop();
      receiver.current = null;
      if (!p) return;
      p.on('play', () => setStarted(true));
      if (!options.api || window.parent === window) return;
      const r = new PlayerJsReceiver(adapterOf(p), { parent: window.parent, parentOrigin: parentOrigin(), src: window.location.href });
      receiver.current = r;
      r.start();
      // ready once the media knows its length, so getDuration and seeking answer meaningfully
      p.ready(() => (p.readyState() >= 1 ? r.ready() : p.one('loadedmetadata', () => r.ready())));
    },
    [options.api],
  );

  useEffect(() => {
    const onMessage = (e: MessageEvent) => receiver.current?.receive(e);
    window.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('message', onMessage);
      receiver.current?.stop();
    };
  }, []);

  const captions = stream.captions.map((c) => ({ ...c, url: `${c.url}${token ? `&token=${encodeURIComponent(token)}` : ''}` }));
  return (
    <div className="embed-player">
      <Player
        master={stream.master}
        poster={stream.poster}
        storyboard={stream.storyboard}
        captions={captions}
        startAt={options.start}
        playback={{
          autoplay: options.autoplay,
          muted: options.muted,
          loop: options.loop,
          controls: options.controls,
          playbackRate: options.playbackRate,
          captions: options.captions,
          quality: options.quality,
        }}
        onPlayer={onPlayer}
        resumeKey={props.videoId}
      />
      {!started && (
        <div className="embed-title" data-testid="embed-title">
          {props.title}
        </div>
      )}
      <a className="embed-brand" href={props.watchUrl} target="_blank" rel="noopener" data-testid="embed-link" aria-label={`Watch “${props.title}” on Weft`}>
        Weft
      </a>
    </div>
  );
}
