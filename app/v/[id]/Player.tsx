'use client';

import { useEffect, useRef } from 'react';
import videojs from 'video.js';
import 'video.js/dist/video-js.css';

type VjsPlayer = ReturnType<typeof videojs>;

/** video.js on the HLS master playlist; VHS picks the rendition from bandwidth and player size. */
export default function Player({ master, poster }: { master: string; poster: string | null }) {
  const holder = useRef<HTMLDivElement>(null);
  const player = useRef<VjsPlayer | null>(null);

  useEffect(() => {
    const el = document.createElement('video-js');
    el.classList.add('vjs-big-play-centered');
    el.setAttribute('data-testid', 'player');
    holder.current?.appendChild(el);
    const p = videojs(el, {
      controls: true,
      preload: 'auto',
      fill: true,
      playbackRates: [1, 1.25, 1.5, 2],
      poster: poster ?? undefined,
      html5: {
        vhs: { useNetworkInformationApi: false, limitRenditionByPlayerDimensions: true, overrideNative: true },
        nativeAudioTracks: false,
        nativeVideoTracks: false,
      },
      sources: [{ src: master, type: 'application/x-mpegURL' }],
    });
    player.current = p;
    return () => {
      p.dispose();
      player.current = null;
    };
  }, [master, poster]);

  return <div ref={holder} data-vjs-player style={{ width: '100%', height: '100%' }} />;
}
