'use client';

import { useEffect, useRef, useState } from 'react';
import type { PlayerHandle } from '@/lib/watch/browser/player/core';
import { whenPlayer } from '@/lib/watch/browser/player/global';
import { playerMarkup } from '@/lib/watch/browser/player/markup';
import type { PagePlayerMarkup } from '@/lib/watch/browser/player/settings';

/**
 * The watch page's player: the frame's HTML (the server rendered it, and the player's script
 * started it before React hydrated — React keeps its hands off that HTML), then the handle for the
 * page's panels. A player that appears later (the video became playable while the page was open)
 * is started here. Remount (a new `key`) for another master playlist.
 */
export default function PlayerHost({ player, title, onReady, onError }: { player: PagePlayerMarkup; title: string; onReady: (handle: PlayerHandle | null) => void; onError: (message: string) => void }) {
  const host = useRef<HTMLDivElement>(null);
  // the HTML is made once: React must not write it again over the running player
  const [html] = useState(() => playerMarkup(player, { title, style: true }));
  const first = useRef({ player, onReady, onError });
  useEffect(() => {
    first.current.onReady = onReady;
    first.current.onError = onError;
  });

  useEffect(() => {
    const root = host.current?.querySelector<HTMLElement>('[data-weft-player]');
    if (!root) return;
    let gone = false;
    const current = first.current;
    void whenPlayer(current.player.script)
      .then((api) => {
        if (gone) return;
        current.onReady(api.of(root) ?? api.mount(root, current.player.settings));
      })
      .catch((e: unknown) => current.onError(e instanceof Error ? e.message : 'The player could not be loaded.'));
    return () => {
      gone = true;
      current.onReady(null);
      window.WeftPlayer?.unmount(root);
    };
  }, []);

  return <div ref={host} className="watch-player-host" suppressHydrationWarning dangerouslySetInnerHTML={{ __html: html }} />;
}
