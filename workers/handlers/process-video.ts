import fsp from 'node:fs/promises';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { uploads, videos } from '@/lib/db/schema';
import { PermanentJobError } from '@/lib/errors';
import { writeMasterPlaylist } from '@/lib/media/hls';
import { canCopyVideo, readKeyframeTimes } from '@/lib/media/keyframes';
import type { Rung, SourceShape } from '@/lib/media/ladder';
import { planLadder } from '@/lib/media/ladder';
import { measureRendition, type RenditionOutput } from '@/lib/media/outputs';
import { probeMedia, type ProbeResult } from '@/lib/media/probe';
import { planStoryboard, storyboardVtt } from '@/lib/media/storyboard';
import { extractPoster, makeAnimatedPreview, makeStoryboardSprite } from '@/lib/media/thumbnails';
import { runHls, type HlsOutput, type KeyframePolicy } from '@/lib/media/transcode';
import { log } from '@/lib/log';
import type { JobContext, JobHandlerSpec } from '@/lib/queue/runner';
import { addRenditions, markReady, publishFirstRendition, publishFullVersion, setThumbnails } from '@/lib/videos/publish';
import { findVideo, markVideoFailed, setVideoStage, type VideoRow } from '@/lib/videos/repo';
import type { WorkerDeps } from '../deps';
import {
  copyRung,
  firstEncodedRung,
  measureAll,
  newVersion,
  remainingRungs,
  SEGMENT_SECONDS,
  shapeOf,
  writeMaster,
} from './renditions';

/** How long the pipeline waits for a live ingest to close its playlist before doing the work itself. */
const INGEST_WAIT_MS = 120_000;
const PENDING_INGEST_WAIT_MS = 3_000;
/** The first rung of a source that cannot be copied (plain uploads): small, so it is playable soon. */
const FIRST_RUNG_MAX_RESOLUTION = 480;
/** Scheduling niceness of the ladder's ffmpeg. */
const LADDER_NICENESS = 10;

type UploadRow = typeof uploads.$inferSelect;

interface Source {
  videoId: string;
  uploadId: string;
  input: string;
  probe: ProbeResult;
  shape: SourceShape;
  codec: string;
  hasAudio: boolean;
  startSec?: number;
  endSec?: number;
  trimStartMs: number | null;
  trimEndMs: number | null;
  /** Scratch folder label for a stage of this job. */
  scratchLabel(stage: string): string;
  /** Length of the output, when known. */
  outSec: number | null;
}

/** What the current version already holds and how its keyframes were placed. */
interface Base {
  version: string;
  prefix: string;
  first: { rung: Rung; output: RenditionOutput };
  keyframes: KeyframePolicy;
}

/** Waits for the upload's live ingest to finish; stops waiting (and says so) after INGEST_WAIT_MS. */
async function settleIngest(db: Db, upload: UploadRow, signal: AbortSignal): Promise<UploadRow> {
  const started = Date.now();
  let row = upload;
  while (row.ingestStatus === 'pending' || row.ingestStatus === 'running') {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    // no worker took the ingest while the recording ran (none configured, or all busy): do not wait for one
    const limit = row.ingestStatus === 'pending' ? PENDING_INGEST_WAIT_MS : INGEST_WAIT_MS;
    if (Date.now() - started > limit) {
      await db
        .update(uploads)
        .set({ ingestStatus: 'skipped', ingestError: 'the pipeline stopped waiting', updatedAt: new Date() })
        .where(and(eq(uploads.id, row.id), inArray(uploads.ingestStatus, ['pending', 'running'])));
    } else {
      await new Promise((r) => setTimeout(r, 100));
    }
    const [next] = await db.select().from(uploads).where(eq(uploads.id, row.id));
    if (!next) throw new PermanentJobError('upload_missing', 'The uploaded file is missing; please record again.');
    row = next;
  }
  return row;
}

function stageReporter(ctx: JobContext, videoId: string, stage: string) {
  let last = 0;
  return (fraction: number) => {
    const now = Date.now();
    if (now - last < 400) return;
    last = now;
    const p = Math.round(fraction * 100) / 100;
    void setVideoStage(ctx.db, videoId, { stage, progress: p }).catch(() => undefined);
    void ctx.setProgress(p).catch(() => undefined);
  };
}

/**
 * raw_video_uploaded → the whole ladder, thumbnails, `ready`, video_processed.
 *
 * Three ways through, all idempotent (outputs go to versioned folders; a version is visible only
 * after one UPDATE and grows only while it is the current one):
 * - the live ingest already published the first rung → the other rungs join that version;
 * - nothing published yet → a first rung (the H.264 video copied, or one small encoded rung) is
 *   published as `playable`, then the other rungs join it;
 * - the video was published before (a trim, a retry after a crash) → a complete new version is
 *   made aside and replaces the old one at once.
 */
export function processVideoHandler(deps: WorkerDeps): JobHandlerSpec {
  const ffmpeg = () => deps.config.FFMPEG_PATH;
  const ffprobe = () => deps.config.FFPROBE_PATH;

  async function encode(ctx: JobContext, src: Source, outDir: string, outputs: HlsOutput[], keyframes: KeyframePolicy, stage: string) {
    const report = stageReporter(ctx, src.videoId, stage);
    await setVideoStage(ctx.db, src.videoId, { stage, progress: 0 });
    await runHls(
      ffmpeg(),
      {
        input: src.input,
        outDir,
        outputs,
        hasAudio: src.hasAudio,
        preset: deps.config.WEFT_FFMPEG_PRESET,
        segmentSeconds: SEGMENT_SECONDS,
        keyframes,
        startSec: src.startSec,
        endSec: src.endSec,
      },
      // the ladder is background work (a version already plays): it yields the CPU to the web server and to live ingests
      { durationSec: src.outSec, signal: ctx.signal, onProgress: (f) => report(f), nice: stage === 'ladder' ? LADDER_NICENESS : 0 },
    );
    return measureAll(ffprobe(), outDir, outputs.map((o) => o.rung), src.hasAudio);
  }

  /** Poster, animated preview and storyboard, from the given renditions folder. */
  async function makeThumbnails(
    ctx: JobContext,
    src: Source,
    dir: string,
    top: RenditionOutput,
    small: RenditionOutput,
    refreshPoster: boolean,
  ) {
    await setVideoStage(ctx.db, src.videoId, { stage: 'thumbnails', progress: 0 });
    const duration = top.durationSec;
    const poster = path.join(dir, 'poster.jpg');
    const posterExists = Boolean(await fsp.stat(poster).catch(() => null));
    if (!posterExists || refreshPoster) {
      // written aside and renamed: a poster already shown is replaced whole
      const next = path.join(dir, 'poster.next.jpg');
      await extractPoster(ffmpeg(), path.join(dir, top.uri), next, Math.min(1, duration / 3), 720, ctx.signal);
      await fsp.rename(next, poster);
    }
    await setVideoStage(ctx.db, src.videoId, { progress: 0.3 });
    const smallInput = path.join(dir, small.uri);
    await makeAnimatedPreview(ffmpeg(), smallInput, path.join(dir, 'preview.webp'), duration, ctx.signal);
    await setVideoStage(ctx.db, src.videoId, { progress: 0.6 });
    const plan = planStoryboard(duration, top.width, top.height);
    await makeStoryboardSprite(ffmpeg(), smallInput, path.join(dir, 'storyboard.jpg'), plan, SEGMENT_SECONDS, ctx.signal);
    await fsp.writeFile(path.join(dir, 'storyboard.vtt'), storyboardVtt(plan, duration, 'storyboard.jpg'));
  }

  /** The other rungs join the current version `base`, then thumbnails, then ready. */
  async function completeVersion(ctx: JobContext, src: Source, base: Base): Promise<void> {
    const { db, signal } = ctx;
    const versionDir = deps.storage.localPath(base.prefix);
    // an attempt that died may have left rung folders that no master lists: they are redone
    const rest = remainingRungs(src.shape, base.first.rung.name).filter(
      (r) => Math.min(r.width, r.height) !== Math.min(base.first.rung.width, base.first.rung.height),
    );
    let outputs: RenditionOutput[] = [base.first.output];
    // a poster at once, so the share page and the library show a picture while the ladder runs
    const posterFile = path.join(versionDir, 'poster.jpg');
    if (!(await fsp.stat(posterFile).catch(() => null))) {
      const first = base.first.output;
      await extractPoster(ffmpeg(), path.join(versionDir, first.uri), posterFile, Math.min(1, first.durationSec / 3), 720, signal);
      if (!(await setThumbnails(db, src.videoId, base.version, { posterKey: `${base.prefix}/poster.jpg` }))) return;
    }
    if (rest.length > 0) {
      const scratch = await deps.storage.scratchDir(src.scratchLabel('ladder'));
      try {
        const made = await encode(ctx, src, scratch, rest.map((rung) => ({ rung, copy: false })), base.keyframes, 'ladder');
        for (const o of made) await deps.storage.publishDir(path.join(scratch, o.name), `${base.prefix}/${o.name}`);
        outputs = [...outputs, ...made];
        if (!(await addRenditions(db, src.videoId, base.version, base.prefix, made))) return; // superseded meanwhile
        await writeMaster(deps.storage, base.prefix, outputs);
      } finally {
        await fsp.rm(scratch, { recursive: true, force: true });
      }
    }
    const sorted = [...outputs].sort((a, b) => b.height - a.height);
    const top = sorted[0] ?? base.first.output;
    const small = sorted[sorted.length - 1] ?? top;
    await makeThumbnails(ctx, src, versionDir, top, small, top.name !== base.first.output.name);
    const keys = {
      posterKey: `${base.prefix}/poster.jpg`,
      previewKey: `${base.prefix}/preview.webp`,
      storyboardKey: `${base.prefix}/storyboard.vtt`,
    };
    if (!(await setThumbnails(db, src.videoId, base.version, keys))) return;
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    await markReady(db, {
      videoId: src.videoId,
      version: base.version,
      uploadId: src.uploadId,
      durationSec: top.durationSec,
      renditionNames: sorted.map((o) => o.name),
    });
  }

  /** The source's H.264 video can be copied as the top rung (untrimmed, usable keyframes). */
  async function canCopy(src: Source, signal: AbortSignal): Promise<boolean> {
    const trimmed = src.startSec !== undefined || src.endSec !== undefined;
    if (trimmed || src.codec !== 'h264' || !src.probe.video) return false;
    const kf = await readKeyframeTimes(ffprobe(), src.input, signal);
    return canCopyVideo(src.probe.video, kf, src.probe.durationSec);
  }

  /** Nothing is published yet: the first rung, fast, as `playable`. */
  async function publishFirst(ctx: JobContext, src: Source): Promise<Base | null> {
    const { db, signal } = ctx;
    const copy = await canCopy(src, signal);
    const rung = copy ? copyRung(src.shape) : firstEncodedRung(src.shape, FIRST_RUNG_MAX_RESOLUTION);
    const version = newVersion();
    const prefix = `videos/${src.videoId}/${version}`;
    const scratch = await deps.storage.scratchDir(src.scratchLabel('first'));
    try {
      const [output] = await encode(ctx, src, scratch, [{ rung, copy }], copy ? 'source' : 'grid', 'first');
      if (!output) throw new Error('no rendition was made');
      if (output.durationSec <= 0) throw new PermanentJobError('empty_video', 'The video has no frames.');
      await fsp.writeFile(path.join(scratch, 'master.m3u8'), writeMasterPlaylist([output]));
      await deps.storage.publishDir(scratch, prefix);
      const res = await publishFirstRendition(db, {
        videoId: src.videoId,
        version,
        prefix,
        output,
        facts: { width: src.shape.width, height: src.shape.height, durationSec: output.durationSec, sourceCodec: src.codec },
      });
      if (!res.ok) {
        await deps.storage.deletePrefix(prefix);
        return null;
      }
      if (res.previousVersion) await deps.storage.deletePrefix(`videos/${src.videoId}/${res.previousVersion}`);
      return { version, prefix, first: { rung, output }, keyframes: copy ? 'source' : 'grid' };
    } finally {
      await fsp.rm(scratch, { recursive: true, force: true });
    }
  }

  /** Re-processing a published video: a complete version aside, then one switch. */
  async function replaceVersion(ctx: JobContext, src: Source): Promise<void> {
    const version = newVersion();
    const prefix = `videos/${src.videoId}/${version}`;
    const scratch = await deps.storage.scratchDir(src.scratchLabel('video'));
    try {
      // one process: the top rung copied when the source allows, the others from one decode
      const copy = await canCopy(src, ctx.signal);
      const top0 = copy ? copyRung(src.shape) : null;
      const plan: HlsOutput[] = top0
        ? [{ rung: top0, copy: true }, ...remainingRungs(src.shape, top0.name).map((rung) => ({ rung, copy: false }))]
        : planLadder(src.shape).map((rung) => ({ rung, copy: false }));
      const outputs = await encode(ctx, src, scratch, plan, copy ? 'source' : 'grid', 'ladder');
      const durationSec = outputs[0]?.durationSec ?? 0;
      if (durationSec <= 0) throw new PermanentJobError('empty_video', 'The video has no frames.');
      await fsp.writeFile(path.join(scratch, 'master.m3u8'), writeMasterPlaylist(outputs));
      const sorted = [...outputs].sort((a, b) => b.height - a.height);
      const top = sorted[0];
      const small = sorted[sorted.length - 1];
      if (!top || !small) throw new Error('no rendition was made');
      await makeThumbnails(ctx, src, scratch, top, small, false);
      await deps.storage.publishDir(scratch, prefix);
      const res = await publishFullVersion(ctx.db, {
        videoId: src.videoId,
        version,
        prefix,
        uploadId: src.uploadId,
        outputs,
        facts: { width: src.shape.width, height: src.shape.height, durationSec, sourceCodec: src.codec },
        thumbnails: {
          posterKey: `${prefix}/poster.jpg`,
          previewKey: `${prefix}/preview.webp`,
          storyboardKey: `${prefix}/storyboard.vtt`,
        },
        trim: { startMs: src.trimStartMs, endMs: src.trimEndMs },
      });
      if (!res.ok) await deps.storage.deletePrefix(prefix);
      else if (res.previousVersion) await deps.storage.deletePrefix(`videos/${src.videoId}/${res.previousVersion}`);
    } finally {
      await fsp.rm(scratch, { recursive: true, force: true });
    }
  }

  /** The live ingest's version, when it is the video's current output and can simply be completed. */
  async function ingestBase(src: Source, video: VideoRow, upload: UploadRow): Promise<Base | null> {
    if (upload.ingestStatus !== 'done' || !upload.ingestVersion || !upload.ingestRendition) return null;
    if (video.outputVersion !== upload.ingestVersion || video.status !== 'playable') return null;
    if (src.startSec !== undefined || src.endSec !== undefined) return null;
    const prefix = `videos/${src.videoId}/${upload.ingestVersion}`;
    const copy = upload.ingestMode === 'copy';
    const rung: Rung = copy
      ? copyRung(src.shape)
      : (planLadder(src.shape).find((r) => r.name === upload.ingestRendition) ?? copyRung(src.shape));
    const output = await measureRendition(ffprobe(), deps.storage.localPath(`${prefix}/${rung.name}`), rung, src.hasAudio);
    return { version: upload.ingestVersion, prefix, first: { rung, output }, keyframes: copy ? 'source' : 'grid' };
  }

  return {
    async run(ctx) {
      const { job, db, signal } = ctx;
      const videoId = String(job.payload.videoId ?? '');
      const uploadId = String(job.payload.uploadId ?? '');
      const found = await findVideo(db, videoId);
      if (!found) return; // deleted meanwhile: nothing to do
      // this worker holds the job's lease: folders of an earlier attempt of this job are garbage (another
      // job for the same video — a trim — may be running: its folders carry its own job id)
      const scratchLabel = (stage: string) => `${stage}-${videoId}-j${job.id}`;
      for (const stage of ['first', 'ladder', 'video']) await deps.storage.clearScratch(scratchLabel(stage));
      const [row] = await db
        .select()
        .from(uploads)
        .where(and(eq(uploads.id, uploadId), eq(uploads.videoId, videoId)));
      if (!row || row.status !== 'complete' || !(await deps.storage.stat(row.storageKey))) {
        throw new PermanentJobError('upload_missing', 'The uploaded file is missing; please record again.');
      }
      const input = deps.storage.localPath(row.storageKey);

      await setVideoStage(db, videoId, { stage: 'probe', progress: 0 });
      const probe = await probeMedia(ffprobe(), input, signal);
      const video0 = probe.video;
      if (!video0) throw new PermanentJobError('not_a_video', 'The uploaded file is not a video.');
      const startSec = found.trimStartMs ? found.trimStartMs / 1000 : undefined;
      const endSec = found.trimEndMs ? found.trimEndMs / 1000 : undefined;
      const sourceSec = probe.durationSec;
      const src: Source = {
        videoId,
        uploadId,
        input,
        probe,
        shape: shapeOf(video0),
        codec: video0.codec,
        hasAudio: probe.audio !== null,
        startSec,
        endSec,
        scratchLabel,
        trimStartMs: found.trimStartMs ?? null,
        trimEndMs: found.trimEndMs ?? null,
        outSec: sourceSec === null ? null : Math.max(0.1, Math.min(sourceSec, endSec ?? sourceSec) - (startSec ?? 0)),
      };

      const upload = await settleIngest(db, row, signal);
      const video = (await findVideo(db, videoId)) ?? found;
      const fromIngest = await ingestBase(src, video, upload).catch((e: unknown) => {
        log.warn('the live ingest output cannot be continued', { videoId, error: String(e) });
        return null;
      });
      if (fromIngest) return completeVersion(ctx, src, fromIngest);
      if (video.outputVersion === null) {
        const base = await publishFirst(ctx, src);
        if (base) await completeVersion(ctx, src, base);
        return;
      }
      await replaceVersion(ctx, src);
    },
    async onFinalFailure(job, db, error) {
      const videoId = String(job.payload.videoId ?? '');
      const message =
        error.code === 'job_failed' ? `Processing failed: ${error.message.slice(0, 300)}` : error.message;
      const [v] = await db.select({ status: videos.status }).from(videos).where(eq(videos.id, videoId));
      if (v?.status === 'playable') {
        // the first rendition plays: keep it, and say what is missing
        await db
          .update(videos)
          .set({ processingStage: null, errorCode: error.code, errorMessage: `Only one quality is available. ${message}`, updatedAt: new Date() })
          .where(eq(videos.id, videoId));
        return;
      }
      await markVideoFailed(db, videoId, error.code, message);
    },
  };
}
