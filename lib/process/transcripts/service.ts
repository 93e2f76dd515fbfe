import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client';
import { videoTranscriptions, videos, type TranscriptSegment, type TranscriptStatus } from '../../platform/db/schema';
import { WeftError } from '../../platform/errors';
import { analyzeAndStore, requestRefinedAnalysis } from '../analysis/service';
import { refreshSearchDocument } from '../../videos/search-document';
import type { Viewer } from '../../videos/policy';
import { requireManagedVideo } from '../../videos/repo';
import { normalizeSegments } from './formats';
import type { VideoId } from '../../shared/api/enums';

export type TranscriptRow = typeof videoTranscriptions.$inferSelect;

export async function findTranscript(db: DbOrTx, videoId: VideoId): Promise<TranscriptRow | null> {
  const [row] = await db.select().from(videoTranscriptions).where(eq(videoTranscriptions.videoId, videoId));
  return row ?? null;
}

/** A transcription of `version` starts (again): the row is reset unless a newer version's is there. */
export async function startTranscription(db: DbOrTx, videoId: VideoId, version: string): Promise<void> {
  const now = new Date();
  await db
    .insert(videoTranscriptions)
    .values({ videoId, status: 'running', outputVersion: version, progress: 0 })
    .onConflictDoUpdate({
      target: videoTranscriptions.videoId,
      set: { status: 'running', outputVersion: version, progress: 0, error: null, updatedAt: now },
    });
}

export async function setTranscriptionProgress(db: DbOrTx, videoId: VideoId, version: string, progress: number): Promise<void> {
  await db
    .update(videoTranscriptions)
    .set({ progress, updatedAt: new Date() })
    .where(and(eq(videoTranscriptions.videoId, videoId), eq(videoTranscriptions.outputVersion, version)));
}

/** Stores the outcome for `version`; false when the video moved on to another version meanwhile. */
export async function finishTranscription(
  db: DbOrTx,
  videoId: VideoId,
  version: string,
  result: {
    status: TranscriptStatus;
    segments?: TranscriptSegment[];
    language?: string | null;
    model?: string | null;
    audioSeconds?: number;
    elapsedMs?: number;
    error?: string | null;
  },
): Promise<boolean> {
  const rows = await db
    .update(videoTranscriptions)
    .set({
      status: result.status,
      segments: normalizeSegments(result.segments ?? [], result.audioSeconds ?? Infinity),
      language: result.language ?? null,
      model: result.model ?? null,
      audioSeconds: result.audioSeconds ?? null,
      elapsedMs: result.elapsedMs ?? null,
      error: result.error ?? null,
      progress: 1,
      updatedAt: new Date(),
    })
    .where(and(eq(videoTranscriptions.videoId, videoId), eq(videoTranscriptions.outputVersion, version)))
    .returning({ id: videoTranscriptions.videoId });
  if (rows.length === 0) return false;
  await refreshSearchDocument(db, videoId);
  // the player and the watch page hear about it through the video's own change feed
  await db.update(videos).set({ updatedAt: new Date() }).where(eq(videos.id, videoId));
  return true;
}

/** The owner corrects a segment's text; captions and the search index follow. */
/** `llm`: a language model is configured (WEFT_LLM_URL), so its refined analysis follows too. */
export async function editSegment(db: DbOrTx, videoIdParam: string, index: number, text: string, viewer: Viewer, llm = false): Promise<TranscriptRow> {
  const videoId = (await requireManagedVideo(db, videoIdParam, viewer)).id;
  const row = await findTranscript(db, videoId);
  if (!row || row.status !== 'done') throw new WeftError('transcript_not_ready', 'This video has no transcript yet.');
  const segments = [...row.segments];
  const seg = segments[index];
  if (!seg) throw new WeftError('validation_failed', `No segment ${index}: the transcript has ${segments.length}.`);
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) throw new WeftError('validation_failed', 'A segment needs some text.');
  segments[index] = { ...seg, text: clean, edited: true };
  const [updated] = await db
    .update(videoTranscriptions)
    .set({ segments, updatedAt: new Date() })
    .where(eq(videoTranscriptions.videoId, videoId))
    .returning();
  await analyzeAndStore(db, videoId); // the summary and chapters follow the words (and the index with them)
  if (llm) await requestRefinedAnalysis(db, videoId); // and the language model's
  return updated!;
}
