import { randomUUID } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { renditions, uploads, videos } from '@/lib/db/schema';
import { emitEvent } from '@/lib/events/outbox';
import { writeMasterPlaylist } from '@/lib/media/hls';
import { planLadder } from '@/lib/media/ladder';
import { measureRendition, type RenditionOutput } from '@/lib/media/outputs';
import { probeMedia } from '@/lib/media/probe';
import { extractPoster, runLadder } from '@/lib/media/transcode';
import type { JobHandlerSpec } from '@/lib/queue/runner';
import { findVideo, markVideoFailed, setVideoStage } from '@/lib/videos/repo';
import { PermanentJobError } from '@/lib/errors';
import type { WorkerDeps } from '../deps';

const SEGMENT_SECONDS = 2;

/**
 * raw_video_uploaded → probe, HLS ladder, poster, renditions, video ready, video_processed.
 * Idempotent: outputs go to a fresh versioned folder that becomes visible with one UPDATE; a re-run
 * replaces them and video_processed is emitted once per upload.
 */
export function processVideoHandler(deps: WorkerDeps): JobHandlerSpec {
  return {
    async run({ job, db, signal, setProgress }) {
      const videoId = String(job.payload.videoId ?? '');
      const uploadId = String(job.payload.uploadId ?? '');
      const video = await findVideo(db, videoId);
      if (!video) return; // deleted meanwhile: nothing to do
      const [upload] = await db
        .select()
        .from(uploads)
        .where(and(eq(uploads.id, uploadId), eq(uploads.videoId, videoId)));
      if (!upload || upload.status !== 'complete') {
        throw new PermanentJobError('upload_missing', 'The uploaded file is missing; please record again.');
      }
      const input = deps.storage.localPath(upload.storageKey);
      if (!(await deps.storage.stat(upload.storageKey))) {
        throw new PermanentJobError('upload_missing', 'The uploaded file is missing; please record again.');
      }

      await setVideoStage(db, videoId, { status: 'processing', stage: 'probe', progress: 0 });
      const probe = await probeMedia(deps.config.FFPROBE_PATH, input, signal);
      const src = probe.video;
      if (!src) throw new PermanentJobError('not_a_video', 'The uploaded file is not a video.');
      const rotated = Math.abs(src.rotation) % 180 === 90;
      const shape = { width: rotated ? src.height : src.width, height: rotated ? src.width : src.height, fps: src.fps };
      const rungs = planLadder(shape);
      const startSec = video.trimStartMs ? video.trimStartMs / 1000 : undefined;
      const endSec = video.trimEndMs ? video.trimEndMs / 1000 : undefined;
      const sourceSec = probe.durationSec;
      const outSec = sourceSec === null ? null : Math.max(0.1, Math.min(sourceSec, endSec ?? sourceSec) - (startSec ?? 0));

      const version = `o${Date.now().toString(36)}${randomUUID().slice(0, 6)}`;
      // This worker holds the job's lease: folders of an earlier attempt whose worker died are garbage.
      await deps.storage.clearScratch(`video-${videoId}`);
      const scratch = await deps.storage.scratchDir(`video-${videoId}`);
      try {
        await setVideoStage(db, videoId, { stage: 'transcode', progress: 0 });
        let lastWrite = 0;
        await runLadder(
          deps.config.FFMPEG_PATH,
          {
            input,
            outDir: scratch,
            rungs,
            hasAudio: probe.audio !== null,
            preset: deps.config.WEFT_FFMPEG_PRESET,
            segmentSeconds: SEGMENT_SECONDS,
            startSec,
            endSec,
          },
          {
            durationSec: outSec,
            signal,
            onProgress: (f) => {
              const now = Date.now();
              if (now - lastWrite < 500) return;
              lastWrite = now;
              const p = Math.round(f * 90) / 100;
              void setVideoStage(db, videoId, { progress: p }).catch(() => undefined);
              void setProgress(p).catch(() => undefined);
            },
          },
        );

        await setVideoStage(db, videoId, { stage: 'package', progress: 0.92 });
        const outputs: RenditionOutput[] = [];
        for (const r of rungs) {
          outputs.push(await measureRendition(deps.config.FFPROBE_PATH, path.join(scratch, r.name), r, probe.audio !== null));
        }
        await fsp.writeFile(path.join(scratch, 'master.m3u8'), writeMasterPlaylist(outputs));
        const durationSec = outputs[0]?.durationSec ?? probe.durationSec ?? 0;
        if (durationSec <= 0) throw new PermanentJobError('empty_video', 'The video has no frames.');

        await setVideoStage(db, videoId, { stage: 'thumbnails', progress: 0.95 });
        const top = outputs[0];
        await extractPoster(
          deps.config.FFMPEG_PATH,
          path.join(scratch, top?.name ?? '', 'index.m3u8'),
          path.join(scratch, 'poster.jpg'),
          Math.min(1, durationSec / 3),
          720,
          signal,
        );

        const prefix = `videos/${videoId}/${version}`;
        await deps.storage.publishDir(scratch, prefix);

        const previous = await db.transaction(async (tx) => {
          const [current] = await tx.select().from(videos).where(eq(videos.id, videoId)).for('update');
          if (!current || current.deletedAt) return { deleted: true as const };
          await tx.delete(renditions).where(eq(renditions.videoId, videoId));
          await tx.insert(renditions).values(
            outputs.map((o) => ({
              videoId,
              name: o.name,
              width: o.width,
              height: o.height,
              bandwidth: o.bandwidth,
              averageBandwidth: o.averageBandwidth,
              codecs: o.codecs,
              playlistKey: `${prefix}/${o.uri}`,
              segmentCount: o.segmentCount,
              outputVersion: version,
            })),
          );
          const now = new Date();
          await tx
            .update(videos)
            .set({
              status: 'ready',
              masterKey: `${prefix}/master.m3u8`,
              posterKey: `${prefix}/poster.jpg`,
              outputVersion: version,
              durationMs: Math.round(durationSec * 1000),
              width: shape.width,
              height: shape.height,
              sourceCodec: src.codec,
              processingStage: null,
              processingProgress: 1,
              errorCode: null,
              errorMessage: null,
              readyAt: now,
              updatedAt: now,
            })
            .where(eq(videos.id, videoId));
          await emitEvent(tx, {
            type: 'video_processed',
            videoId,
            cause: `${videoId}:${uploadId}`,
            payload: { uploadId, renditions: outputs.map((o) => o.name), durationMs: Math.round(durationSec * 1000) },
          });
          return { deleted: false as const, version: current.outputVersion };
        });
        if (previous.deleted) {
          await deps.storage.deletePrefix(prefix); // the video was deleted while we worked
        } else if (previous.version && previous.version !== version) {
          await deps.storage.deletePrefix(`videos/${videoId}/${previous.version}`);
        }
        await setProgress(1);
      } finally {
        await fsp.rm(scratch, { recursive: true, force: true });
      }
    },
    async onFinalFailure(job, db, error) {
      const videoId = String(job.payload.videoId ?? '');
      const message =
        error.code === 'job_failed' ? `Processing failed: ${error.message.slice(0, 300)}` : error.message;
      await markVideoFailed(db, videoId, error.code, message);
    },
  };
}
