import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Storage } from '../../platform/storage';
import { log } from '../../platform/log';
import { pollLoop } from './poll-loop';
import { parseMediaPlaylist } from '../media/hls';
import { OUTPUT_FILES } from '../../videos/layout';
import type { Rung } from '../media/ladder';

/** How often the rung's playlist is looked at while the recording goes on. */
const POLL_MS = 250;

export interface LivePublisher {
  /** Stops; resolves with the files (relative to the folder) already in storage. */
  finish(): Promise<ReadonlySet<string>>;
}

/** Pure: the master playlist of a recording going on (one rung; CODECS are left to the player, which reads them from the segments). */
export function liveMasterPlaylist(rung: Pick<Rung, 'name' | 'width' | 'height' | 'maxBitrate'>): string {
  return ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS', `#EXT-X-STREAM-INF:BANDWIDTH=${rung.maxBitrate},RESOLUTION=${rung.width}x${rung.height}`, `${rung.name}/index.m3u8`, ''].join('\n');
}

/** Pure: ffmpeg's playlist of a recording going on, as viewers get it: an EVENT playlist, never an ended one. */
export function livePlaylist(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#EXT-X-ENDLIST'))
    .map((l) => (l.startsWith('#EXT-X-PLAYLIST-TYPE:') ? '#EXT-X-PLAYLIST-TYPE:EVENT' : l))
    .join('\n');
}

/**
 * A recording watched while it goes on: as ffmpeg writes the live rung (`localDir/<rung>/`, an
 * EVENT playlist rewritten after each segment), its complete segments and the playlist go to
 * `prefix/` in storage, and the master playlist with the first of them — then `onLive` makes the
 * version the video's stream (status unchanged). At Stop the ingest publishes the same folder
 * complete (`publishDir(…, uploaded)`): a player on the live playlist reads its end and plays on.
 */
export function publishWhileRecording(o: { storage: Storage; localDir: string; prefix: string; rung: Rung; onLive: () => Promise<void> }): LivePublisher {
  const uploaded = new Set<string>();
  const rungDir = path.join(o.localDir, o.rung.name);
  let lastPlaylist = '';
  let live = false;
  const pass = async (stopping: () => boolean) => {
    const text = await fsp.readFile(path.join(rungDir, 'index.m3u8'), 'utf8').catch(() => '');
    if (!text || text === lastPlaylist) return;
    const { segments } = parseMediaPlaylist(text);
    if (segments.length === 0) return;
    for (const seg of segments) {
      const rel = `${o.rung.name}/${seg.uri}`;
      if (uploaded.has(rel)) continue;
      await o.storage.objects.writeFile(`${o.prefix}/${rel}`, await fsp.readFile(path.join(rungDir, seg.uri)));
      uploaded.add(rel);
      if (stopping()) return;
    }
    await o.storage.objects.writeFile(`${o.prefix}/${o.rung.name}/index.m3u8`, livePlaylist(text));
    lastPlaylist = text;
    if (!live) {
      await o.storage.objects.writeFile(`${o.prefix}/${OUTPUT_FILES.master}`, liveMasterPlaylist(o.rung));
      live = true;
      await o.onLive();
    }
  };
  const loop = pollLoop(pass, {
    intervalMs: POLL_MS,
    // viewers wait for Stop then, as before: the folder is published whole at the end anyway
    onError: (e) => log.warn('live playlist stopped', { prefix: o.prefix, error: e instanceof Error ? e.message : String(e) }),
  });
  return {
    async finish() {
      await loop.stop();
      return uploaded;
    },
  };
}
