import path from 'node:path';
import { eq } from 'drizzle-orm';
import { renditions } from '@/lib/db/schema';
import { PermanentJobError } from '@/lib/errors';
import { log } from '@/lib/log';
import type { JobContext, JobHandlerSpec } from '@/lib/queue/runner';
import { analyzeAndStore } from '@/lib/analysis/service';
import { emitProcessedIfDone } from '@/lib/videos/publish';
import { extractPcm, hasSound, SAMPLE_RATE } from '@/lib/transcripts/audio';
import { finishTranscription, setTranscriptionProgress, startTranscription } from '@/lib/transcripts/service';
import { findVideo } from '@/lib/videos/repo';
import type { WorkerDeps } from '../deps';

/**
 * After a version is playable: its audio (16 kHz mono float, from the smallest rendition) goes
 * through Whisper in a worker thread, 30 s windows with timestamps. Silent and audio-less videos get
 * an outcome instead of invented words; a missing model fails the job with the reason, and the
 * video plays on regardless.
 */
export function transcribeVideoHandler(deps: WorkerDeps): JobHandlerSpec {
  return {
    async run(ctx) {
      const videoId = String(ctx.job.payload.videoId ?? '');
      await transcribe(ctx);
      // the last step (or the ladder) emits video_processed, whichever finishes second
      await ctx.db.transaction((tx) => emitProcessedIfDone(tx, videoId, ctx.job.id));
    },
    async onFinalFailure(job, db, error) {
      const videoId = String(job.payload.videoId ?? '');
      const version = String(job.payload.version ?? '');
      await finishTranscription(db, videoId, version, { status: 'failed', error: error.message });
      await db.transaction((tx) => emitProcessedIfDone(tx, videoId, job.id));
    },
  };

  async function transcribe({ job, db, signal, setProgress }: JobContext): Promise<void> {
    const t = deps.transcription;
    if (!t) return;
    const videoId = String(job.payload.videoId ?? '');
    const version = String(job.payload.version ?? '');
    const video = await findVideo(db, videoId);
    if (!video || video.outputVersion !== version) return; // a newer version has its own job
    const rows = await db.select().from(renditions).where(eq(renditions.videoId, videoId));
    const smallest = rows.filter((r) => r.outputVersion === version).sort((a, b) => a.height - b.height)[0];
    if (!smallest) return;
    await startTranscription(db, videoId, version);
    const started = Date.now();
    if (!smallest.codecs.includes('mp4a')) {
      await finishTranscription(db, videoId, version, { status: 'no_audio', error: 'This video has no sound track.' });
      return;
    }
    const input = deps.storage.localPath(smallest.playlistKey);
    const pcm = await extractPcm(deps.config.FFMPEG_PATH, path.resolve(input), signal);
    const audioSeconds = pcm.length / SAMPLE_RATE;
    if (!hasSound(pcm)) {
      await finishTranscription(db, videoId, version, { status: 'no_speech', audioSeconds, error: 'Nothing to transcribe: the sound track is silent.' });
      return;
    }
    let last = 0;
    let result;
    // the owner's choice for this video, else the instance's, else Whisper detects it
    const options = { ...t.options, language: video.language ?? t.options.language };
    try {
      result = await t.whisper.transcribe(pcm, options, {
        signal,
        onProgress: (f) => {
          if (Date.now() - last < 500) return;
          last = Date.now();
          void setTranscriptionProgress(db, videoId, version, f).catch(() => undefined);
          void setProgress(f).catch(() => undefined);
        },
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (message.startsWith('transcription model not available')) throw new PermanentJobError('model_unavailable', message);
      throw e;
    }
    const elapsedMs = Date.now() - started;
    const { segments, language } = result;
    await finishTranscription(db, videoId, version, {
      status: 'done',
      segments,
      language,
      model: t.options.model,
      audioSeconds,
      elapsedMs,
    });
    log.info('transcribed', { videoId, language, segments: segments.length, audioSeconds: Math.round(audioSeconds), realtime: +(audioSeconds / (elapsedMs / 1000)).toFixed(1) });
    await analyzeAndStore(db, videoId, deps.llm);
  }
}

/** A correction changed the words: the language model refines the (already updated) local analysis. */
export function analyzeVideoHandler(deps: WorkerDeps): JobHandlerSpec {
  return {
    async run({ job, db }) {
      await analyzeAndStore(db, String(job.payload.videoId ?? ''), deps.llm);
    },
  };
}
