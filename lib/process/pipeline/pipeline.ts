import type { Db } from '../../platform/db/client';
import { PermanentJobError } from '../../platform/errors';
import { planLadder, type Rung } from '../media/ladder';
import { measureRendition } from '../media/outputs';
import { log } from '../../platform/log';
import { findCompleteUpload, type UploadRow } from '../../record/uploads/service';
import { findVideo, markVideoFailed, setVideoProblem, type VideoRow } from '../../videos/repo';
import { completeVersionStep } from './complete-version';
import { publishFirstStep } from './first-rendition';
import { versionLayout } from '../../videos/layout';
import { replaceVersionStep } from './replace-version';
import { cutVersionStep } from '../edit/cut-version';
import { copyRung } from './renditions';
import { loadSource, SCRATCH_STAGES, settleIngest, type Base, type Source } from './source';
import type { MediaDeps, StepContext } from './types';
import type { VideoId } from '../../shared/api/enums';

/** The live ingest's version, when it is the video's current output and can simply be completed. */
async function ingestBase(deps: MediaDeps, src: Source, video: VideoRow, upload: UploadRow): Promise<Base | null> {
  if (upload.ingestStatus !== 'done' || !upload.ingestVersion || !upload.ingestRendition) return null;
  if (video.outputVersion !== upload.ingestVersion || video.status !== 'playable') return null;
  if (src.keep) return null;
  const layout = versionLayout(src.videoId, upload.ingestVersion);
  const copy = upload.ingestMode === 'copy';
  const rung: Rung = copy
    ? copyRung(src.shape)
    : (planLadder(src.shape).find((r) => r.name === upload.ingestRendition) ?? copyRung(src.shape));
  // in a bucket this fetches the rendition once (its segments' sizes and first and last segments are read)
  const output = await deps.storage.objects.withLocalCopy(layout.rung(rung.name), (dir) => measureRendition(deps.config.FFPROBE_PATH, dir, rung, src.hasAudio));
  return { layout, first: { rung, output }, keyframes: copy ? 'source' : 'grid' };
}

/**
 * raw_video_uploaded (or a trim) → the whole ladder, thumbnails, `ready`, video_processed.
 *
 * Three ways through, all idempotent (outputs go to versioned folders; a version is visible only
 * after one UPDATE and grows only while it is the current one):
 * - the live ingest already published the first rung → the other rungs join that version
 *   (`completeVersionStep`);
 * - nothing published yet → a first rung is published as `playable` (`publishFirstStep`), then the
 *   other rungs join it;
 * - the video was published before (a trim, a retry after a crash) → a complete new version is
 *   made aside and replaces the old one at once (`replaceVersionStep`).
 */
export async function processVideo(ctx: StepContext, deps: MediaDeps, job: { videoId: VideoId; uploadId: string }): Promise<void> {
  const found = await findVideo(ctx.db, job.videoId);
  if (!found) return; // deleted meanwhile: nothing to do
  const row = await findCompleteUpload(ctx.db, job.uploadId, job.videoId);
  if (!row || !(await deps.storage.objects.stat(row.storageKey))) {
    throw new PermanentJobError('upload_missing', 'The uploaded file is missing; please record again.');
  }
  const src = await loadSource(ctx, deps, found, row);
  // this worker holds the job's lease: folders of an earlier attempt of this job are garbage
  for (const stage of SCRATCH_STAGES) await deps.storage.scratch.clear(src.scratchLabel(stage));

  const upload = await settleIngest(ctx, row);
  const video = (await findVideo(ctx.db, job.videoId)) ?? found;
  const fromIngest = await ingestBase(deps, src, video, upload).catch((e: unknown) => {
    log.warn('the live ingest output cannot be continued', { videoId: job.videoId, error: String(e) });
    return null;
  });
  if (fromIngest) return completeVersionStep(ctx, deps, src, fromIngest);
  if (video.outputVersion === null) {
    const base = await publishFirstStep(ctx, deps, src);
    if (base) await completeVersionStep(ctx, deps, src, base);
    return;
  }
  // cut further than the version playing: made from it, only the segments at the cuts encoded
  if (await cutVersionStep(ctx, deps, src, video)) return;
  await replaceVersionStep(ctx, deps, src);
}

/** Processing failed for good: a video that plays keeps playing (its owner learns what is missing); otherwise it fails with the reason. */
export async function processingFailed(db: Db, videoId: VideoId, error: { code: string; message: string }): Promise<void> {
  const message = error.code === 'job_failed' ? `Processing failed: ${error.message.slice(0, 300)}` : error.message;
  const video = await findVideo(db, videoId);
  if (!video) return;
  if (video.status === 'playable') {
    await setVideoProblem(db, videoId, error.code, `Only one quality is available. ${message}`);
    return;
  }
  if (video.status === 'ready') {
    // a re-processing (trim) failed: the current version plays on
    await setVideoProblem(db, videoId, error.code, `The video plays as it was; re-processing it failed. ${message}`);
    return;
  }
  await markVideoFailed(db, videoId, error.code, message);
}
