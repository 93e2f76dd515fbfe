/**
 * A new version cut more than the one before keeps its transcript and analysis: their times are
 * moved onto the new version (the parts cut away leave with their text) instead of transcribing
 * again. Times are seconds of a version; the cuts are in the recording's time.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client';
import { captionTracks, contentAnalysis, videoTranscriptions, type StoredAnalysis, type TranscriptSegment } from '../../platform/db/schema';
import { cutsContain, normalizeCuts, toSourceMs, type Cut } from '../../shared/cuts';
import type { VideoId } from '../../shared/api/enums';

/** Where a moment of the old version is in the new one; a moment cut away lands on the splice. */
export function mover(oldCuts: readonly Cut[], newCuts: readonly Cut[]): (sec: number) => number {
  const cuts = normalizeCuts(newCuts);
  return (sec) => {
    const source = toSourceMs(sec * 1000, oldCuts);
    let removed = 0;
    for (const c of cuts) {
      if (source < c.startMs) break;
      if (source < c.endMs) return (c.startMs - removed) / 1000;
      removed += c.endMs - c.startMs;
    }
    return (source - removed) / 1000;
  };
}

/** Segments moved onto the new version; those (nearly) all cut away are dropped. */
export function moveSegments(segments: readonly TranscriptSegment[], move: (sec: number) => number): TranscriptSegment[] {
  return segments.flatMap((s) => {
    const start = move(s.start);
    const end = move(s.end);
    const kept = end - start;
    // a segment mostly cut away goes; one partly cut keeps its text on what is left
    if (kept < 0.05 || kept < (s.end - s.start) * 0.25) return [];
    return [{ ...s, start: Math.round(start * 1000) / 1000, end: Math.round(end * 1000) / 1000 }];
  });
}

export function moveAnalysis(a: StoredAnalysis, move: (sec: number) => number): StoredAnalysis {
  const chapters = a.chapters
    .map((c) => ({ ...c, startSec: Math.round(move(c.startSec) * 10) / 10 }))
    .filter((c, i, all) => i === 0 || c.startSec > all[i - 1]!.startSec);
  if (chapters[0]) chapters[0].startSec = 0;
  return { ...a, chapters, actionItems: a.actionItems.map((x) => ({ ...x, atSec: Math.round(move(x.atSec) * 10) / 10 })) };
}

/**
 * Moves the finished transcript (and analysis) of the version cut by `oldCuts` onto `newVersion`
 * cut by `newCuts`. False when it cannot (no finished transcript of that version, or the new
 * version keeps parts the old one had cut: their words were never transcribed).
 */
export async function moveTranscript(
  tx: DbOrTx,
  videoId: VideoId,
  from: { version: string | null; cuts: readonly Cut[] },
  to: { version: string; cuts: readonly Cut[] },
): Promise<boolean> {
  if (!from.version || !cutsContain(to.cuts, from.cuts)) return false;
  const [t] = await tx.select().from(videoTranscriptions).where(eq(videoTranscriptions.videoId, videoId)).for('update');
  if (!t || t.outputVersion !== from.version || t.status !== 'done') return false;
  const move = mover(from.cuts, to.cuts);
  const segments = moveSegments(t.segments, move);
  const audioSeconds = t.audioSeconds === null ? null : move(t.audioSeconds);
  await tx
    .update(videoTranscriptions)
    .set({ outputVersion: to.version, segments, audioSeconds, updatedAt: new Date() })
    .where(eq(videoTranscriptions.videoId, videoId));
  // translations of that transcript move the same way
  for (const c of await tx.select().from(captionTracks).where(eq(captionTracks.videoId, videoId))) {
    if (c.outputVersion !== from.version || c.status !== 'done') continue;
    await tx
      .update(captionTracks)
      .set({ outputVersion: to.version, segments: moveSegments(c.segments, move), updatedAt: new Date() })
      .where(and(eq(captionTracks.videoId, videoId), eq(captionTracks.lang, c.lang)));
  }
  const [a] = await tx.select().from(contentAnalysis).where(eq(contentAnalysis.videoId, videoId));
  if (a) {
    await tx
      .update(contentAnalysis)
      .set({ outputVersion: to.version, analysis: moveAnalysis(a.analysis, move), updatedAt: new Date() })
      .where(eq(contentAnalysis.videoId, videoId));
  }
  return true;
}
