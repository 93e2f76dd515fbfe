/**
 * Captions in other languages. The owner asks for a language; a job translates the finished
 * transcript of the version playing — with the configured language model (WEFT_LLM_URL), or, into
 * English, with Whisper's translate task on the sound — and the track is served like the
 * transcript (`?format=vtt&lang=`), listed in the stream answer for both players, and written into
 * the version's HLS master playlist as a subtitles rendition (lib/process/captions/hls.ts).
 */
import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client';
import { captionTracks, videoTranscriptions, type CaptionStatus, type TranscriptSegment } from '../../platform/db/schema';
import { WeftError } from '../../platform/errors';
import { enqueueJob } from '../../platform/queue/payloads';
import { takeThrottled, type ThrottleRule } from '../../platform/accounts/throttle';
import { systemClock, type Clock } from '../../platform/clock';
import type { Viewer } from '../../videos/policy';
import { requireManagedVideo } from '../../videos/repo';
import type { VideoId } from '../../shared/api/enums';

export type CaptionRow = typeof captionTracks.$inferSelect;

export interface CaptionTrackView {
  lang: string;
  status: CaptionStatus;
  source: 'llm' | 'whisper' | null;
  error: string | null;
  /** The track as WebVTT (add `&token=` for a share link). */
  url: string;
}

export const LANG_CODE = /^[a-z]{2,3}$/;

/** What stops a loop: 30 languages asked for an hour per account. */
const CAPTION_RULES = (userId: string): ThrottleRule[] => [{ key: `captions:${userId}`, limit: 30, windowMs: 3600_000, message: 'Too many caption languages asked for in an hour.' }];

export function captionView(videoId: string, row: CaptionRow): CaptionTrackView {
  return { lang: row.lang, status: row.status, source: row.source, error: row.error, url: `/api/v1/videos/${videoId}/transcript?format=vtt&lang=${row.lang}` };
}

export async function listCaptionTracks(db: DbOrTx, videoId: VideoId): Promise<CaptionRow[]> {
  return db.select().from(captionTracks).where(eq(captionTracks.videoId, videoId)).orderBy(captionTracks.lang);
}

/** The finished tracks of the version playing (what players and the master playlist offer). */
export async function doneCaptionTracks(db: DbOrTx, videoId: VideoId, version: string | null): Promise<CaptionRow[]> {
  if (!version) return [];
  return (await listCaptionTracks(db, videoId)).filter((r) => r.status === 'done' && r.outputVersion === version && r.segments.length > 0);
}

export interface Translators {
  /** A language model is configured (any language). */
  llm: boolean;
  /** Whisper is configured (English, by its translate task). */
  whisper: boolean;
}

/** The owner asks for captions in `lang`: a track (pending) and its job. */
export async function requestCaptionTrack(db: Db, idParam: string, viewer: Viewer, lang: string, can: Translators, clock: Clock = systemClock): Promise<CaptionRow> {
  const video = await requireManagedVideo(db, idParam, viewer);
  if (!LANG_CODE.test(lang)) throw new WeftError('validation_failed', 'lang must be a language code such as "de" or "fr".');
  if (!can.llm && !(lang === 'en' && can.whisper)) {
    throw new WeftError(
      'translation_unavailable',
      can.whisper ? 'Only English captions can be made here (by Whisper): no language model is configured (WEFT_LLM_URL).' : 'Captions in other languages need a language model (WEFT_LLM_URL) or, for English, Whisper.',
    );
  }
  const [t] = await db.select().from(videoTranscriptions).where(eq(videoTranscriptions.videoId, video.id));
  if (!t || t.status !== 'done' || t.outputVersion !== video.outputVersion || t.segments.length === 0) {
    throw new WeftError('transcript_not_ready', 'Captions in other languages are made from the transcript: wait until it is done.');
  }
  if (t.language === lang) throw new WeftError('validation_failed', `The video is already in this language: its transcript is the ${lang} captions.`);
  return db.transaction(async (tx) => {
    await takeThrottled(tx, CAPTION_RULES(viewer.userId ?? 'anonymous'), clock);
    const now = new Date();
    const [row] = await tx
      .insert(captionTracks)
      .values({ videoId: video.id, lang, status: 'pending', outputVersion: video.outputVersion })
      .onConflictDoUpdate({ target: [captionTracks.videoId, captionTracks.lang], set: { status: 'pending', error: null, outputVersion: video.outputVersion, updatedAt: now } })
      .returning();
    await enqueueJob(tx, 'translate-captions', { videoId: video.id, lang }, { videoId: video.id });
    return row!;
  });
}

export async function deleteCaptionTrack(db: Db, idParam: string, viewer: Viewer, lang: string): Promise<VideoId> {
  const video = await requireManagedVideo(db, idParam, viewer);
  const gone = await db.delete(captionTracks).where(and(eq(captionTracks.videoId, video.id), eq(captionTracks.lang, lang))).returning({ lang: captionTracks.lang });
  if (gone.length === 0) throw new WeftError('not_found', 'No captions in this language.');
  return video.id;
}

export async function findCaptionTrack(db: DbOrTx, videoId: VideoId, lang: string): Promise<CaptionRow | null> {
  const [row] = await db.select().from(captionTracks).where(and(eq(captionTracks.videoId, videoId), eq(captionTracks.lang, lang)));
  return row ?? null;
}

export async function setCaptionState(db: DbOrTx, videoId: VideoId, lang: string, fields: { status: CaptionStatus; segments?: TranscriptSegment[]; source?: 'llm' | 'whisper'; error?: string | null; outputVersion?: string }): Promise<void> {
  await db
    .update(captionTracks)
    .set({ ...fields, updatedAt: new Date() })
    .where(and(eq(captionTracks.videoId, videoId), eq(captionTracks.lang, lang)));
}

/** A new transcript of `version`: every track made from an older one is made again. */
export async function refreshCaptionTracks(db: DbOrTx, videoId: VideoId, version: string): Promise<number> {
  const stale = (await listCaptionTracks(db, videoId)).filter((r) => r.outputVersion !== version);
  for (const r of stale) {
    await setCaptionState(db, videoId, r.lang, { status: 'pending', outputVersion: version, error: null });
    await enqueueJob(db, 'translate-captions', { videoId, lang: r.lang }, { videoId });
  }
  return stale.length;
}
