/**
 * The player's script on a page (public/player/*.js) and how a page's own code reaches it: the
 * script starts every `[data-weft-player]` frame the server put in the HTML, and offers
 * `window.WeftPlayer` to find those players (`of`) or start one later (`mount`). Pages import only
 * the types and `whenPlayer` from here: the player is not bundled twice.
 */
import type { PlayerHandle } from './core';
import type { PlayerSettings } from './settings';

export interface WeftPlayerGlobal {
  /** Starts a player in `root` (or returns the one already there). */
  mount(root: HTMLElement, settings: PlayerSettings): PlayerHandle;
  /** The player started in `root`, if any. */
  of(root: HTMLElement): PlayerHandle | null;
  /** Stops the player in `root`. */
  unmount(root: HTMLElement): void;
}

declare global {
  interface Window {
    WeftPlayer?: WeftPlayerGlobal;
  }
}

/** Fired on window when the player's script has run. */
export const PLAYER_READY_EVENT = 'weft-player-ready';

const inserted = new Set<string>();

/** The player's API, loading its script (`src`) if the page does not have it yet. */
export function whenPlayer(src: string): Promise<WeftPlayerGlobal> {
  if (window.WeftPlayer) return Promise.resolve(window.WeftPlayer);
  return new Promise((resolve, reject) => {
    const done = () => (window.WeftPlayer ? resolve(window.WeftPlayer) : reject(new Error('The player did not start.')));
    window.addEventListener(PLAYER_READY_EVENT, done, { once: true });
    // the page's own script (server-rendered) runs by itself once fetched; one written by a
    // framework into the page never runs — then it is loaded here (a second copy steps aside)
    const url = new URL(src, window.location.href).href;
    if (performance.getEntriesByName(url).length > 0 || inserted.has(url)) return;
    inserted.add(url);
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onerror = () => reject(new Error('The player could not be loaded. Check your connection and reload the page.'));
    document.head.appendChild(script);
  });
}
