/**
 * Captions as HLS subtitle renditions: each finished track (the transcript in its language, and
 * every translation) is written into the version's folder as `captions/<lang>.vtt` with a one-segment
 * media playlist, and the master playlist lists them (EXT-X-MEDIA TYPE=SUBTITLES, and SUBTITLES on
 * every variant), so any HLS player offers them; signatures and CDNs treat them like the rest.
 */
import type { Db } from '../../platform/db/client';
import type { Storage } from '../../platform/storage';
import { readText } from '../../platform/storage';
import { findVideo } from '../../videos/repo';
import { versionLayout } from '../../videos/layout';
import { toWebVtt } from '../transcripts/formats';
import { findTranscript } from '../transcripts/service';
import { doneCaptionTracks } from './service';
import { languageName } from '../../shared/languages';
import type { TranscriptSegment } from '../../platform/db/schema';
import type { VideoId } from '../../shared/api/enums';

export interface SubtitleTrack {
  lang: string;
  name: string;
  uri: string;
  original: boolean;
}

const GROUP = 'subs';

/** Pure: the master playlist with exactly these subtitle renditions (earlier ones replaced). */
export function withSubtitles(master: string, tracks: readonly SubtitleTrack[]): string {
  const lines = master.split('\n').filter((l) => !l.startsWith('#EXT-X-MEDIA:TYPE=SUBTITLES'));
  const media = tracks.map(
    (t, i) => `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${GROUP}",NAME="${t.name.replace(/"/g, "'")}",LANGUAGE="${t.lang}",DEFAULT=NO,AUTOSELECT=${i === 0 ? 'YES' : 'NO'},URI="${t.uri}"`,
  );
  const out: string[] = [];
  let placed = false;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      if (!placed) {
        out.push(...media);
        placed = true;
      }
      const bare = line.replace(/,SUBTITLES="[^"]*"/, '');
      out.push(tracks.length > 0 ? `${bare},SUBTITLES="${GROUP}"` : bare);
    } else out.push(line);
  }
  return out.join('\n');
}

/** Pure: `into` (a master playlist written anew) with the subtitle renditions `from` listed. */
export function carrySubtitles(from: string, into: string): string {
  const media = from.split('\n').filter((l) => l.startsWith('#EXT-X-MEDIA:TYPE=SUBTITLES'));
  if (media.length === 0) return into;
  const out: string[] = [];
  let placed = false;
  for (const line of into.split('\n')) {
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      if (!placed) {
        out.push(...media);
        placed = true;
      }
      out.push(`${line.replace(/,SUBTITLES="[^"]*"/, '')},SUBTITLES="${GROUP}"`);
    } else out.push(line);
  }
  return out.join('\n');
}

/** Pure: a media playlist holding one WebVTT file for the whole video. */
export function subtitlePlaylist(vttName: string, durationSec: number): string {
  const d = Math.max(1, Math.ceil(durationSec));
  return ['#EXTM3U', '#EXT-X-VERSION:6', `#EXT-X-TARGETDURATION:${d}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD', `#EXTINF:${durationSec.toFixed(3)},`, vttName, '#EXT-X-ENDLIST', ''].join('\n');
}

/** Writes the current version's caption files and lists them in its master playlist. */
export async function publishCaptionRenditions(db: Db, storage: Storage, videoId: VideoId): Promise<number> {
  const video = await findVideo(db, videoId);
  if (!video?.outputVersion || !video.masterKey) return 0;
  const layout = versionLayout(videoId, video.outputVersion);
  const duration = (video.durationMs ?? 0) / 1000;
  const tracks: Array<{ lang: string; name: string; segments: TranscriptSegment[]; original: boolean }> = [];
  const t = await findTranscript(db, videoId);
  if (t?.status === 'done' && t.outputVersion === video.outputVersion && t.segments.length > 0) {
    tracks.push({ lang: t.language ?? 'und', name: t.language ? languageName(t.language) : 'Captions', segments: t.segments, original: true });
  }
  for (const c of await doneCaptionTracks(db, videoId, video.outputVersion)) {
    tracks.push({ lang: c.lang, name: `${languageName(c.lang)} (translated)`, segments: c.segments, original: false });
  }
  const listed: SubtitleTrack[] = [];
  for (const tr of tracks) {
    await storage.objects.writeFile(layout.key(`captions/${tr.lang}.vtt`), toWebVtt(tr.segments));
    await storage.objects.writeFile(layout.key(`captions/${tr.lang}.m3u8`), subtitlePlaylist(`${tr.lang}.vtt`, duration));
    listed.push({ lang: tr.lang, name: tr.name, uri: `captions/${tr.lang}.m3u8`, original: tr.original });
  }
  const master = await readText(storage.objects, layout.master).catch(() => null);
  if (master === null) return 0;
  const next = withSubtitles(master, listed);
  if (next !== master) await storage.objects.writeFile(layout.master, next);
  return listed.length;
}
