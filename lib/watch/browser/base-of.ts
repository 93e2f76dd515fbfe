/** The base a media URL is on: everything before `/media/` ('' for this server). Shared by the page and the player. */
export function baseOf(url: string): string {
  const i = url.indexOf('/media/');
  return i > 0 ? url.slice(0, i) : '';
}
