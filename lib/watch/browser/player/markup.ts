/** The player's frame as HTML (pure: the server renders it with the page; a page may render it later). */
import type { PagePlayerMarkup } from './settings';
import { PLAYER_CSS } from './style';

/** Text for HTML (element content and double-quoted attributes). */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON inside <script>: no `</script>` can end it early. */
export const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * The player's frame: its CSS, the <video> (with its poster), the settings and the script (async:
 * it runs as soon as it arrives, before any framework on the page). The script finds the frame by
 * `data-weft-player`.
 */
export function playerMarkup(p: PagePlayerMarkup, opts: { title: string; style?: boolean }): string {
  const poster = p.settings.poster ? ` poster="${esc(p.settings.poster)}"` : '';
  return (
    // the first segment, fetched while the script is on its way (the player's request finds it in the cache)
    (p.preload ? `<link rel="preload" as="fetch" crossorigin="anonymous" fetchpriority="high" href="${esc(p.preload)}">` : '') +
    (opts.style === false ? '' : `<style id="weft-player-style">${PLAYER_CSS}</style>`) +
    `<div class="weft-player paused" data-weft-player data-testid="player" tabindex="0" role="region" aria-label="Video player: ${esc(opts.title)}">` +
    `<video class="weft-video" playsinline preload="auto"${poster}></video>` +
    `<script type="application/json" class="weft-player-settings">${scriptJson(p.settings)}</script>` +
    `</div><script async fetchpriority="high" src="${esc(p.script)}"></script>`
  );
}
