import { PermanentJobError } from '../../platform/errors';
import { canCopyStream, canCopyVideo, readKeyframeTimes } from '../media/keyframes';
import type { Rung, SourceShape } from '../media/ladder';
import type { RenditionOutput } from '../media/outputs';
import { probeMedia, type ProbeResult } from '../media/probe';
import { runHls, type HlsOutput, type KeepRange, type KeyframePolicy } from '../media/transcode';
import { keptRanges, MIN_KEPT_MS, normalizeCuts, TO_THE_END_MS, type Cut } from '../../shared/cuts';
import { findUpload, skipPendingIngest, type UploadRow } from '../../record/uploads/service';
import { setSourceDuration, setVideoStage, type VideoRow } from '../../videos/repo';
import type { VersionLayout } from '../../videos/layout';
import { measureAll, SEGMENT_SECONDS, shapeOf } from './renditions';
import { throwIfAborted, type MediaDeps, type StepContext } from './types';
import type { VideoId } from '../../shared/api/enums';

/** How long the pipeline waits for a live ingest to close its playlist before doing the work itself. */
const INGEST_WAIT_MS = 120_000;
const PENDING_INGEST_WAIT_MS = 3_000;
/** Scheduling niceness of the ladder's ffmpeg. */
const LADDER_NICENESS = 10;

/** The uploaded file being processed and what its probe said. */
export interface Source {
  videoId: VideoId;
  uploadId: string;
  input: string;
  probe: ProbeResult;
  shape: SourceShape;
  codec: string;
  hasAudio: boolean;
  /** The cuts asked for when the job started (ms into the recording; the version records them). */
  cuts: Cut[];
  /** The parts kept (seconds into the source); undefined: all of it. */
  keep?: KeepRange[];
  /** Length of the source, ms (null when the probe could not tell). */
  sourceMs: number | null;
  /** Scratch folder label for a stage of this job. */
  scratchLabel(stage: string): string;
  /** Length of the output, when known. */
  outSec: number | null;
}

/** What the current version already holds and how its keyframes were placed. */
export interface Base {
  layout: VersionLayout;
  first: { rung: Rung; output: RenditionOutput };
  keyframes: KeyframePolicy;
}

export const SCRATCH_STAGES = ['first', 'ladder', 'video', 'thumbs'] as const;

/** Probes the upload of `video`; a file without a video stream fails for good with the reason. */
export async function loadSource(ctx: StepContext, deps: MediaDeps, video: VideoRow, upload: UploadRow): Promise<Source> {
  // a file, or a presigned URL ffmpeg reads with Range requests
  const input = await deps.storage.objects.inputOf(upload.storageKey);
  await setVideoStage(ctx.db, video.id, { stage: 'probe', progress: 0 });
  const probe = await probeMedia(deps.config.FFPROBE_PATH, input, ctx.signal);
  const video0 = probe.video;
  if (!video0) throw new PermanentJobError('not_a_video', 'The uploaded file is not a video.');
  const sourceSec = probe.durationSec;
  const sourceMs = sourceSec === null ? null : Math.round(sourceSec * 1000);
  if (sourceMs !== null && sourceMs !== video.sourceDurationMs) await setSourceDuration(ctx.db, video.id, sourceMs);
  const cuts = normalizeCuts(video.cuts);
  const ranges = keptRanges(cuts, sourceMs ?? TO_THE_END_MS);
  const keptSec = ranges.reduce((n, r) => n + (r.endMs - r.startMs), 0) / 1000;
  if (cuts.length > 0 && keptSec < MIN_KEPT_MS / 1000) throw new PermanentJobError('everything_cut', 'The cuts leave nothing of the video.');
  const keep =
    cuts.length === 0
      ? undefined
      : ranges.map((r) => ({ startSec: r.startMs / 1000, ...(r.endMs >= (sourceMs ?? TO_THE_END_MS) ? {} : { endSec: r.endMs / 1000 }) }));
  return {
    videoId: video.id,
    uploadId: upload.id,
    input,
    probe,
    shape: shapeOf(video0),
    codec: video0.codec,
    hasAudio: probe.audio !== null,
    cuts,
    ...(keep ? { keep } : {}),
    sourceMs,
    // folders of an earlier attempt of this job are garbage; another job for the same video (a trim)
    // may be running: its folders carry its own job id
    scratchLabel: (stage) => `${stage}-${video.id}-j${ctx.jobId.slice(0, 8)}`,
    outSec: sourceSec === null ? null : Math.max(0.1, keptSec),
  };
}

/** Waits for the upload's live ingest to finish; stops waiting (and says so) after INGEST_WAIT_MS. */
export async function settleIngest(ctx: StepContext, upload: UploadRow): Promise<UploadRow> {
  const started = Date.now();
  let row = upload;
  while (row.ingestStatus === 'pending' || row.ingestStatus === 'running') {
    throwIfAborted(ctx.signal);
    // no worker took the ingest while the recording ran (none configured, or all busy): do not wait for one
    const limit = row.ingestStatus === 'pending' ? PENDING_INGEST_WAIT_MS : INGEST_WAIT_MS;
    if (Date.now() - started > limit) await skipPendingIngest(ctx.db, row.id, 'the pipeline stopped waiting');
    else await new Promise((r) => setTimeout(r, 100));
    const next = await findUpload(ctx.db, row.id);
    if (!next) throw new PermanentJobError('upload_missing', 'The uploaded file is missing; please record again.');
    row = next;
  }
  return row;
}

/** Progress of a stage, to the video (where viewers and the owner see it), at most every 400 ms. */
export function stageReporter(ctx: StepContext, videoId: VideoId, stage: string) {
  let last = 0;
  return (fraction: number) => {
    const now = Date.now();
    if (now - last < 400) return;
    last = now;
    const p = Math.round(fraction * 100) / 100;
    void setVideoStage(ctx.db, videoId, { stage, progress: p }).catch(() => undefined);
  };
}

/** Runs one ffmpeg for `outputs` into `outDir` and measures what it made. */
export async function encode(
  ctx: StepContext,
  deps: MediaDeps,
  src: Source,
  outDir: string,
  outputs: HlsOutput[],
  keyframes: KeyframePolicy,
  stage: 'first' | 'ladder',
): Promise<RenditionOutput[]> {
  const report = stageReporter(ctx, src.videoId, stage);
  await setVideoStage(ctx.db, src.videoId, { stage, progress: 0 });
  await runHls(
    deps.config.FFMPEG_PATH,
    {
      input: src.input,
      outDir,
      outputs,
      hasAudio: src.hasAudio,
      preset: deps.config.WEFT_FFMPEG_PRESET,
      segmentSeconds: SEGMENT_SECONDS,
      keyframes,
      ...(src.keep ? { keep: src.keep } : {}),
    },
    // the ladder is background work (a version already plays): it yields the CPU to the web server and to live ingests
    { durationSec: src.outSec, signal: ctx.signal, onProgress: (f) => report(f), nice: stage === 'ladder' ? LADDER_NICENESS : 0 },
  );
  return measureAll(deps.config.FFPROBE_PATH, outDir, outputs.map((o) => o.rung), src.hasAudio);
}

/** The source's H.264 video can be copied as the top rung (untrimmed, usable keyframes). */
export async function canCopySource(deps: MediaDeps, src: Source, signal: AbortSignal): Promise<boolean> {
  if (src.keep || !src.probe.video || !canCopyStream(src.probe.video)) return false;
  const kf = await readKeyframeTimes(deps.config.FFPROBE_PATH, src.input, signal);
  return canCopyVideo(src.probe.video, kf, src.probe.durationSec);
}
