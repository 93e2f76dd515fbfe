import { and, eq } from 'drizzle-orm';
import type { Config } from '../../platform/config';
import { enqueueJob } from '../../platform/queue/payloads';
import type { DbOrTx } from '../../platform/db/client';
import { contentAnalysis, videoTranscriptions, videos } from '../../platform/db/schema';
import { refreshSearchDocument } from '../../videos/search-document';
import { log } from '../../platform/log';
import { analyzeTranscript, type Analysis } from './analyze';
import { refineWithLlm, type LlmOptions } from './llm';
import type { VideoId } from '../../shared/api/enums';

/**
 * Analyses the video's finished transcript and stores it (or removes a stale analysis). With a
 * language model configured, its answer refines the local analysis; when it fails, the local one stays.
 */
export async function analyzeAndStore(db: DbOrTx, videoId: VideoId, llm?: LlmOptions): Promise<Analysis | null> {
  const [t] = await db.select().from(videoTranscriptions).where(eq(videoTranscriptions.videoId, videoId));
  if (!t || t.status !== 'done' || t.segments.length === 0) {
    await db.delete(contentAnalysis).where(eq(contentAnalysis.videoId, videoId));
    return null;
  }
  const durationSec = t.audioSeconds ?? t.segments[t.segments.length - 1]?.end ?? 0;
  let analysis = analyzeTranscript(t.segments, durationSec);
  if (llm) {
    const started = Date.now();
    analysis = await refineWithLlm(llm, t.segments, analysis, durationSec).then(
      (refined) => {
        log.info('analysis refined by the language model', { videoId, ms: Date.now() - started });
        return refined;
      },
      (e: unknown) => {
        log.warn('the language model could not refine the analysis; the local one stands', { videoId, error: e instanceof Error ? e.message : String(e) });
        return analysis;
      },
    );
  }
  const value = analysis;
  await db
    .insert(contentAnalysis)
    .values({ videoId, outputVersion: t.outputVersion, analysis: value })
    .onConflictDoUpdate({ target: contentAnalysis.videoId, set: { outputVersion: t.outputVersion, analysis: value, updatedAt: new Date() } });
  // a stand-in title (a date, a tab's title) gives way to the transcript's suggestion, once
  if (analysis.suggestedTitle) {
    await db
      .update(videos)
      .set({ title: analysis.suggestedTitle.slice(0, 200), autoTitle: false, updatedAt: new Date() })
      .where(and(eq(videos.id, videoId), eq(videos.autoTitle, true)));
  }
  await refreshSearchDocument(db, videoId);
  return analysis;
}

export async function findAnalysis(db: DbOrTx, videoId: VideoId): Promise<Analysis | null> {
  const [row] = await db.select().from(contentAnalysis).where(eq(contentAnalysis.videoId, videoId));
  return row ? { ...row.analysis, source: row.analysis.source ?? 'local' } : null;
}

/** The worker refines the analysis of `videoId` with the language model (after a correction, say). */
export async function requestRefinedAnalysis(db: DbOrTx, videoId: VideoId): Promise<void> {
  await enqueueJob(db, 'analyze-video', { videoId }, { videoId });
}

export function llmFrom(c: Pick<Config, 'WEFT_LLM_URL' | 'WEFT_LLM_MODEL' | 'WEFT_LLM_API_KEY'>): LlmOptions | undefined {
  return c.WEFT_LLM_URL ? { url: c.WEFT_LLM_URL, model: c.WEFT_LLM_MODEL, apiKey: c.WEFT_LLM_API_KEY } : undefined;
}
