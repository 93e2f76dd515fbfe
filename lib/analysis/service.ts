import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { contentAnalysis, videoTranscriptions } from '../db/schema';
import { refreshSearchDocument } from '../search/documents';
import { analyzeTranscript, type Analysis } from './analyze';

/** Analyses the video's finished transcript and stores it (or removes a stale analysis). */
export async function analyzeAndStore(db: DbOrTx, videoId: string): Promise<Analysis | null> {
  const [t] = await db.select().from(videoTranscriptions).where(eq(videoTranscriptions.videoId, videoId));
  if (!t || t.status !== 'done' || t.segments.length === 0) {
    await db.delete(contentAnalysis).where(eq(contentAnalysis.videoId, videoId));
    return null;
  }
  const analysis = analyzeTranscript(t.segments, t.audioSeconds ?? undefined);
  const value = analysis as unknown as Record<string, unknown>;
  await db
    .insert(contentAnalysis)
    .values({ videoId, outputVersion: t.outputVersion, analysis: value })
    .onConflictDoUpdate({ target: contentAnalysis.videoId, set: { outputVersion: t.outputVersion, analysis: value, updatedAt: new Date() } });
  await refreshSearchDocument(db, videoId);
  return analysis;
}

export async function findAnalysis(db: DbOrTx, videoId: string): Promise<Analysis | null> {
  const [row] = await db.select().from(contentAnalysis).where(eq(contentAnalysis.videoId, videoId));
  return row ? (row.analysis as unknown as Analysis) : null;
}
