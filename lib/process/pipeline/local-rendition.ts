import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseMediaPlaylist } from '../media/hls';
import { readText, type Storage } from '../../platform/storage';

/**
 * Runs `fn` with a local HLS playlist of a published rendition (`…/720p`) that ffmpeg can open.
 * On disk it is the rendition itself; in a bucket only the segments that start before `upToSec`
 * are fetched (all of them when it is not given) into a scratch folder, removed after.
 */
export async function withLocalRendition<T>(
  storage: Storage,
  rungPrefix: string,
  options: { upToSec?: number; scratchLabel: string },
  fn: (playlist: string) => Promise<T>,
): Promise<T> {
  if (storage.kind === 'disk' || options.upToSec === undefined) {
    return storage.objects.withLocalCopy(rungPrefix, (dir) => fn(path.join(dir, 'index.m3u8')));
  }
  const text = await readText(storage.objects, `${rungPrefix}/index.m3u8`);
  const playlist = parseMediaPlaylist(text);
  const wanted = new Set<string>();
  let start = 0;
  for (const seg of playlist.segments) {
    if (start > options.upToSec && wanted.size > 0) break;
    wanted.add(seg.uri);
    start += seg.duration;
  }
  const dir = await storage.scratch.make(options.scratchLabel);
  try {
    for (const uri of wanted) {
      await pipeline(await storage.objects.read(`${rungPrefix}/${uri}`), fs.createWriteStream(path.join(dir, uri)));
    }
    // the same playlist, ended after the last segment fetched
    const lines: string[] = [];
    let pending: string[] = [];
    for (const line of text.split('\n')) {
      const t = line.trim();
      if (t === '#EXT-X-ENDLIST') continue;
      if (t !== '' && !t.startsWith('#')) {
        if (!wanted.has(t)) break;
        lines.push(...pending, line);
        pending = [];
      } else if (t.startsWith('#EXTINF') || t.startsWith('#EXT-X-PROGRAM-DATE-TIME') || t.startsWith('#EXT-X-DISCONTINUITY')) {
        pending.push(line);
      } else {
        lines.push(...pending, line);
        pending = [];
      }
    }
    lines.push('#EXT-X-ENDLIST', '');
    const file = path.join(dir, 'index.m3u8');
    await fsp.writeFile(file, lines.join('\n'));
    return await fn(file);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
