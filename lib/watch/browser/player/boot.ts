/** Starts the players a page's HTML holds, and offers `window.WeftPlayer` (global.ts). */
import { createPlayer, type PlayerHandle } from './core';
import { PLAYER_READY_EVENT, type WeftPlayerGlobal } from './global';
import type { PlayerSettings } from './settings';

const players = new WeakMap<HTMLElement, PlayerHandle>();

/** `extra` runs once per player started (a surface's own parts). */
export function bootPlayers(extra?: (handle: PlayerHandle, settings: PlayerSettings) => void): WeftPlayerGlobal {
  // a second copy of the script on the page steps aside
  if (window.WeftPlayer) {
    window.dispatchEvent(new Event(PLAYER_READY_EVENT));
    return window.WeftPlayer;
  }
  const api: WeftPlayerGlobal = {
    mount(root, settings) {
      const had = players.get(root);
      if (had) return had;
      const handle = createPlayer(root, settings);
      players.set(root, handle);
      extra?.(handle, settings);
      return handle;
    },
    of: (root) => players.get(root) ?? null,
    unmount(root) {
      players.get(root)?.destroy();
      players.delete(root);
    },
  };
  for (const root of Array.from(document.querySelectorAll<HTMLElement>('[data-weft-player]'))) {
    const json = root.querySelector('script.weft-player-settings')?.textContent;
    if (json) api.mount(root, JSON.parse(json) as PlayerSettings);
  }
  window.WeftPlayer = api;
  window.dispatchEvent(new Event(PLAYER_READY_EVENT));
  return api;
}
