import fsp from 'node:fs/promises';
import path from 'node:path';
import { PermanentJobError } from '../../platform/errors';
import { writeMasterPlaylist } from '../media/hls';
import { planLadder } from '../media/ladder';
import type { HlsOutput } from '../media/transcode';
import { publishFullVersion } from '../publish';
import { scheduleVersionDrop } from '../edit/drop';
import { OUTPUT_FILES, versionLayout } from '../../videos/layout';
import { copyRung, newVersion, remainingRungs } from './renditions';
import { canCopySource, encode, type Source } from './source';
import { extremes, makeThumbnails } from './thumbnails';
import type { MediaDeps, StepContext } from './types';

/**
 * Re-processing a published video (a trim, a retry after a crash): a complete version is made
 * aside — the top rung copied when the source allows, the others from one decode — and replaces
 * the current one in one switch.
 */
export async function replaceVersionStep(ctx: StepContext, deps: MediaDeps, src: Source): Promise<void> {
  const layout = versionLayout(src.videoId, newVersion());
  const scratch = await deps.storage.scratch.make(src.scratchLabel('video'));
  try {
    const copy = await canCopySource(deps, src, ctx.signal);
    const top0 = copy ? copyRung(src.shape) : null;
    const plan: HlsOutput[] = top0
      ? [{ rung: top0, copy: true }, ...remainingRungs(src.shape, top0.name).map((rung) => ({ rung, copy: false }))]
      : planLadder(src.shape).map((rung) => ({ rung, copy: false }));
    const outputs = await encode(ctx, deps, src, scratch, plan, copy ? 'source' : 'grid', 'ladder');
    const durationSec = outputs[0]?.durationSec ?? 0;
    if (durationSec <= 0 || !outputs[0]) throw new PermanentJobError('empty_video', 'The video has no frames.');
    await fsp.writeFile(path.join(scratch, OUTPUT_FILES.master), writeMasterPlaylist(outputs));
    const { top, small } = extremes(outputs, outputs[0]);
    await makeThumbnails(ctx, deps, src, { localDir: scratch }, top, small, false);
    await deps.storage.objects.publishDir(scratch, layout.prefix);
    const res = await publishFullVersion(ctx.db, {
      videoId: src.videoId,
      version: layout.version,
      uploadId: src.uploadId,
      outputs,
      facts: { width: src.shape.width, height: src.shape.height, durationSec, sourceCodec: src.codec, cuts: src.cuts, sourceMs: src.sourceMs },
      thumbnails: { posterKey: layout.poster, previewKey: layout.preview, storyboardKey: layout.storyboardVtt },
    });
    if (!res.ok) await deps.storage.objects.deletePrefix(layout.prefix);
    // viewers of the old version play on for a while; then its files go
    else if (res.previousVersion) await scheduleVersionDrop(ctx.db, src.videoId, res.previousVersion);
  } finally {
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}
