/**
 * New cuts on a video that is cut no less than before: the new version is made from the version
 * playing now, not from the upload. Its segments are kept as they are and only the segments a cut
 * starts or ends in are encoded (lib/process/media/splice.ts), so a 10-minute video with a few cuts
 * takes seconds, not the minutes of a new ladder. The transcript moves onto it (publishFullVersion).
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { renditions } from '../../platform/db/schema';
import { log } from '../../platform/log';
import { cutsContain, keptRanges, sameCuts, toVersionMs } from '../../shared/cuts';
import { OUTPUT_FILES, versionLayout } from '../../videos/layout';
import type { VideoRow } from '../../videos/repo';
import { setVideoStage } from '../../videos/repo';
import { writeMasterPlaylist } from '../media/hls';
import { planLadder, type Rung } from '../media/ladder';
import { measureRendition, type RenditionOutput } from '../media/outputs';
import { runProcess } from '../media/process';
import { renditionInput, spliceRendition, type Span } from '../media/splice';
import { publishFullVersion } from '../publish';
import { scheduleVersionDrop } from './drop';
import { publishCaptionRenditions } from '../captions/hls';
import { copyRung, newVersion } from '../pipeline/renditions';
import type { Source } from '../pipeline/source';
import { extremes, makeThumbnails } from '../pipeline/thumbnails';
import type { MediaDeps, StepContext } from '../pipeline/types';

/** The spans of the playing version (its own seconds) that the new cuts keep; null when it cannot be cut further into them. */
export function spansToKeep(video: Pick<VideoRow, 'outputCuts' | 'sourceDurationMs'>, cuts: Source['cuts']): Span[] | null {
  const sourceMs = video.sourceDurationMs;
  if (sourceMs === null || !cutsContain(cuts, video.outputCuts) || sameCuts(cuts, video.outputCuts)) return null;
  return keptRanges(cuts, sourceMs).map((r) => {
    const start = toVersionMs(r.startMs, video.outputCuts) ?? 0;
    return { startSec: start / 1000, endSec: (start + r.endMs - r.startMs) / 1000 };
  });
}

/** True when the new version was made (or was superseded) this way; false: the caller makes it from the upload. */
export async function cutVersionStep(ctx: StepContext, deps: MediaDeps, src: Source, video: VideoRow): Promise<boolean> {
  if (video.status !== 'ready' || !video.outputVersion) return false;
  const keep = spansToKeep(video, src.cuts);
  if (!keep) return false;
  const rows = await ctx.db.select().from(renditions).where(eq(renditions.videoId, video.id));
  if (rows.length === 0 || rows.some((r) => r.outputVersion !== video.outputVersion)) return false;
  const from = versionLayout(video.id, video.outputVersion);
  const layout = versionLayout(video.id, newVersion());
  const scratch = await deps.storage.scratch.make(src.scratchLabel('video'));
  const started = Date.now();
  try {
    await setVideoStage(ctx.db, video.id, { stage: 'cutting', progress: 0 });
    const ladder = planLadder(src.shape);
    const outputs: RenditionOutput[] = [];
    let encodedSec = 0;
    for (const [i, row] of rows.entries()) {
      const rung: Rung = { ...(ladder.find((r) => r.name === row.name) ?? copyRung(src.shape)), name: row.name, width: row.width, height: row.height };
      const to = path.join(scratch, row.name);
      const made = await deps.storage.objects.withLocalCopy(from.rung(row.name), (dir) =>
        spliceRendition({ ffmpeg: deps.config.FFMPEG_PATH, from: dir, to, keep, rung, hasAudio: src.hasAudio, preset: deps.config.WEFT_FFMPEG_PRESET, signal: ctx.signal }),
      );
      encodedSec += made.encodedSec;
      outputs.push(await measureRendition(deps.config.FFPROBE_PATH, to, rung, src.hasAudio));
      await setVideoStage(ctx.db, video.id, { progress: Math.round(((i + 1) / rows.length) * 70) / 100 });
    }
    await fsp.writeFile(path.join(scratch, OUTPUT_FILES.master), writeMasterPlaylist(outputs));
    const { top, small } = extremes(outputs, outputs[0]!);
    // the thumbnails read the small rung's segments in a row (its playlist jumps at every splice)
    const flat = path.join(scratch, `${small.name}.flat.ts`);
    const res = await runProcess(deps.config.FFMPEG_PATH, ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', ...(await renditionInput(path.join(scratch, small.name), scratch)), '-map', '0', '-c', 'copy', '-f', 'mpegts', flat], { signal: ctx.signal });
    if (res.code !== 0) throw new Error(`joining the cut segments failed: ${res.stderr.trim().slice(-200)}`);
    await makeThumbnails(ctx, deps, src, { localDir: scratch, inputs: { [small.name]: flat } }, top, small, true);
    await fsp.rm(flat, { force: true });
    for (const f of await fsp.readdir(scratch)) if (f.endsWith('.ffconcat')) await fsp.rm(path.join(scratch, f), { force: true });
    await deps.storage.objects.publishDir(scratch, layout.prefix);
    const durationSec = top.durationSec;
    const pub = await publishFullVersion(ctx.db, {
      videoId: video.id,
      version: layout.version,
      uploadId: src.uploadId,
      outputs,
      facts: { width: src.shape.width, height: src.shape.height, durationSec, sourceCodec: src.codec, cuts: src.cuts, sourceMs: src.sourceMs },
      thumbnails: { posterKey: layout.poster, previewKey: layout.preview, storyboardKey: layout.storyboardVtt },
    });
    if (!pub.ok) await deps.storage.objects.deletePrefix(layout.prefix);
    // viewers of the old version play on for a while; then its files go
    else {
      if (pub.previousVersion) await scheduleVersionDrop(ctx.db, video.id, pub.previousVersion);
      // the transcript and its translations moved onto this version: its master lists them
      await publishCaptionRenditions(ctx.db, deps.storage, video.id);
    }
    log.info('cut from the playing version', { videoId: video.id, ms: Date.now() - started, durationSec: Math.round(durationSec), encodedSec: +encodedSec.toFixed(2), renditions: outputs.length });
    return true;
  } finally {
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}
