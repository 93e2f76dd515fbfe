import { languageName } from '../../shared/languages';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client';
import { shareLinks, videos } from '../../platform/db/schema';
import { hashSecret } from '../../platform/accounts/tokens';
import { WeftError } from '../../platform/errors';
import type { VideoRow } from '../../videos/repo';
import { failureFor, isLive, mediaUrl } from '../../videos/view';
import { signVideo, signedQuery, type MediaScope } from './signing';
import { asVideoId, type PlaybackSurface, type VideoId } from '../../shared/api/enums';
import type { PlaybackIngest, RequestFacts } from '../analytics/service';
import { countsAsView } from '../../videos/policy';
import { ORIGIN, type MediaBase } from './cdn';
import { systemClock, type Clock } from '../../platform/clock';

export interface StreamInfo {
  videoId: VideoId;
  master: string;
  renditions: Array<{ name: string; width: number; height: number; bandwidth: number; url: string }>;
  /** Caption tracks (WebVTT from the transcript); add the share `token` query when watching through a link. */
  captions: Array<{ lang: string; label: string; url: string }>;
  poster: string | null;
  /** WebVTT thumbnails track and its sprite (scrub previews), once made. */
  storyboard: { track: string; sprite: string } | null;
  /** `live`: still being recorded (a growing playlist); `playable`: the first rendition plays, more are on the way; `ready`: complete. */
  status: 'live' | 'playable' | 'ready';
  expiresAt: string | null;
  /** The CDN (or `origin`) the URLs are on. */
  cdn?: string;
  /** The master playlist on the other bases, in the order a player should fall back to them (the origin last). */
  fallbacks?: string[];
  /** For the player's playback events: the signed token, and the number its first batch takes. */
  playback?: { id: string; token: string; nextSeq: number };
}

/** Expiries are rounded up to this step, so that viewers in one step share URLs (and a CDN's cache entries). */
export const EXPIRY_STEP_SECONDS = 300;

/** How long a signed media URL lives: the configured TTL, or 3× the video's length if longer (rounded up to the step). */
export function mediaExpiry(video: Pick<VideoRow, 'durationMs'>, ttlSeconds: number, now = Date.now()): Date {
  const seconds = Math.max(ttlSeconds, Math.ceil(((video.durationMs ?? 0) * 3) / 1000));
  const exp = Math.ceil((now / 1000 + seconds) / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
  return new Date(exp * 1000);
}

/**
 * A media URL signed under the video's current access epoch: for its stream (every file of the
 * video, the default) or for this one file (`scope: 'file'`: unfurl images).
 */
export function signedMediaUrl(key: string, video: { id: VideoId; accessEpoch: number }, signingKey: string, expiresAt: Date, scope: 'stream' | 'file' = 'stream'): string {
  const s: MediaScope = scope === 'stream' ? { kind: 'stream' } : { kind: 'file', key };
  return `${mediaUrl(key)}?${signedQuery(signVideo(signingKey, video.id, expiresAt, { epoch: video.accessEpoch, scope: s }))}`;
}

/**
 * The streaming service: signed HLS URLs for a video the caller may watch (the access decision is
 * made before, by the video policy).
 */
export async function getStream(
  db: Db,
  video: VideoRow,
  /** The signing key, how long URLs live, and what time it is (default: the system's). */
  signing: { key: string; ttlSeconds: number; clock?: Clock },
  opts: {
    canManage: boolean;
    /** A new playback for the answer (its token; the stream API's `stream_start` when `facts` are given). */
    playback?: { ingest: PlaybackIngest; userId: string | null; surface: PlaybackSurface; facts: RequestFacts | null };
    /** Where the media comes from, best first (CDNs, then the origin); default the origin. */
    bases?: MediaBase[];
    /** The share token the viewer came with: URLs minted under an expiring link end with it. */
    shareToken?: string | null;
  } = { canManage: false },
): Promise<StreamInfo> {
  if (video.status === 'failed') {
    throw new WeftError('video_not_ready', failureFor(video, opts.canManage).message, { details: { status: video.status } });
  }
  const live = isLive(video);
  if (!video.masterKey || (video.status !== 'ready' && video.status !== 'playable' && !live)) {
    throw new WeftError('video_not_ready', 'This video is still being processed.', { details: { status: video.status } });
  }
  let expiresAt = mediaExpiry(video, signing.ttlSeconds, (signing.clock ?? systemClock).now());
  // a private video watched through a link: its URLs die with the link (revoking it bumps the epoch)
  if (!opts.canManage && video.visibility === 'private' && opts.shareToken) {
    const linkEnds = await shareLinkExpiry(db, video.id, opts.shareToken);
    if (linkEnds && linkEnds < expiresAt) expiresAt = linkEnds;
  }
  const bases = opts.bases && opts.bases.length > 0 ? opts.bases : [ORIGIN];
  const on = (base: MediaBase, key: string) => base.sign(`${base.baseUrl}${signedMediaUrl(key, video, signing.key, expiresAt)}`, expiresAt);
  const primary = bases[0] ?? ORIGIN;
  const url = (key: string) => on(primary, key);
  const { rows, captionsLanguage, translated } = await streamFacts(db, video);
  const captions =
    captionsLanguage !== undefined
      ? [
          { lang: captionsLanguage ?? 'und', label: captionsLanguage ? `Captions (${captionsLanguage})` : 'Captions', url: `/api/v1/videos/${video.id}/transcript?format=vtt` },
          // the owner's translations, each a track of its own
          ...translated.map((lang) => ({ lang, label: `${languageName(lang)} (translated)`, url: `/api/v1/videos/${video.id}/transcript?format=vtt&lang=${lang}` })),
        ]
      : [];
  return {
    videoId: video.id,
    master: url(video.masterKey),
    renditions: rows
      .sort((a, b) => b.height - a.height)
      .map((r) => ({ name: r.name, width: r.width, height: r.height, bandwidth: r.bandwidth, url: url(r.playlistKey) })),
    captions,
    poster: video.posterKey ? url(video.posterKey) : null,
    storyboard: video.storyboardKey
      ? { track: url(video.storyboardKey), sprite: url(video.storyboardKey.replace(/\.vtt$/, '.jpg')) }
      : null,
    status: live ? 'live' : (video.status as 'playable' | 'ready'),
    expiresAt: expiresAt.toISOString(),
    cdn: primary.name,
    fallbacks: bases.slice(1).map((b) => on(b, video.masterKey!)),
    ...(opts.playback ? { playback: await playbackFor(video, { ...opts.playback, counted: countsAsView({ manager: opts.canManage }) }) } : {}),
  };
}

async function shareLinkExpiry(db: Db, videoId: VideoId, token: string): Promise<Date | null> {
  const [row] = await db
    .select({ expiresAt: shareLinks.expiresAt })
    .from(shareLinks)
    .where(and(eq(shareLinks.videoId, videoId), eq(shareLinks.tokenHash, hashSecret(token))));
  return row?.expiresAt ?? null;
}

interface RenditionFacts {
  name: string;
  width: number;
  height: number;
  bandwidth: number;
  playlistKey: string;
}

/** What a stream answer needs beside the video: its renditions, and captions if the transcript has text. */
export interface StreamFacts {
  rows: RenditionFacts[];
  /** undefined: no captions; else their language (null when unknown). */
  captionsLanguage: string | null | undefined;
  /** Finished caption tracks in other languages, of the version playing. */
  translated: string[];
}

/** A video with its stream facts, loaded together (the stream API's access check takes it in). */
export type StreamVideo = VideoRow & { streamFacts: StreamFacts };

const renditionsJson = sql`(select json_agg(json_build_object('name', r.name, 'width', r.width, 'height', r.height, 'bandwidth', r.bandwidth, 'playlistKey', r.playlist_key))
  from renditions r where r.video_id = ${videos.id})`;
// the segment count is kept by the database: the segments themselves are not read
const captionsJson = sql`(select json_build_object('language', t.language, 'translated',
    (select json_agg(c.lang order by c.lang) from caption_tracks c where c.video_id = t.video_id and c.status = 'done' and c.output_version = ${videos.outputVersion}))
  from video_transcriptions t where t.video_id = ${videos.id} and t.status = 'done' and t.segment_count > 0)`;

const parsed = <T>(v: T | string | null): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

type CaptionFacts = { language: string | null; translated: string[] | null };

function factsOf(renditionsValue: RenditionFacts[] | string | null, captionsValue: CaptionFacts | string | null): StreamFacts {
  const captions = parsed(captionsValue);
  return { rows: parsed(renditionsValue) ?? [], captionsLanguage: captions ? captions.language : undefined, translated: captions?.translated ?? [] };
}

/** The stream API's one query: the video (not deleted), its renditions and whether it has captions. */
export async function findStreamVideo(db: DbOrTx, id: string): Promise<StreamVideo | null> {
  const vid = asVideoId(id);
  if (!vid) return null;
  const [row] = await db
    .select({ video: videos, renditions: sql<RenditionFacts[] | string | null>`${renditionsJson}`, captions: sql<CaptionFacts | string | null>`${captionsJson}` })
    .from(videos)
    .where(and(eq(videos.id, vid), isNull(videos.deletedAt)));
  return row ? { ...row.video, streamFacts: factsOf(row.renditions, row.captions) } : null;
}

async function streamFacts(db: Db, video: VideoRow | StreamVideo): Promise<StreamFacts> {
  if ('streamFacts' in video) return video.streamFacts;
  const [row] = await db
    .select({ renditions: sql<RenditionFacts[] | string | null>`${renditionsJson}`, captions: sql<CaptionFacts | string | null>`${captionsJson}` })
    .from(videos)
    .where(eq(videos.id, video.id));
  return row ? factsOf(row.renditions, row.captions) : { rows: [], captionsLanguage: undefined, translated: [] };
}

async function playbackFor(video: VideoRow, p: { ingest: PlaybackIngest; userId: string | null; surface: PlaybackSurface; facts: RequestFacts | null; counted: boolean }) {
  const started = await p.ingest.startPlayback(video, { userId: p.userId, surface: p.surface, counted: p.counted }, p.facts);
  // the stream API recorded `stream_start` as batch 1; a page's player sends it itself
  return { id: started.id, token: started.token, nextSeq: started.started ? 2 : 1 };
}
