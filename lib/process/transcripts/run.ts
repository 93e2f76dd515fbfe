import path from 'node:path';
import { analyzeAndStore } from '../analysis/service';
import type { LlmOptions } from '../analysis/llm';
import type { Db } from '../../platform/db/client';
import { PermanentJobError } from '../../platform/errors';
import { log } from '../../platform/log';
import type { MediaDeps, StepContext } from '../pipeline/types';
import { emitProcessedIfDone } from '../publish';
import { findVideo, listRenditions } from '../../videos/repo';
import { extractPcm, hasSound, SAMPLE_RATE } from './audio';
import { finishTranscription, setTranscriptionProgress, startTranscription } from './service';
import type { WhisperOptions, WhisperRunner } from './whisper';
import type { VideoId } from '../../shared/api/enums';
import { refreshCaptionTracks } from '../captions/service';
import { publishCaptionRenditions } from '../captions/hls';

export interface TranscriptionDeps {
  whisper: WhisperRunner;
  options: WhisperOptions;
}

export interface TranscribeDeps extends MediaDeps {
  /** Absent: videos are not transcribed. */
  transcription?: TranscriptionDeps;
  llm?: LlmOptions;
}

/**
 * After a version is playable: its audio (16 kHz mono float, from the smallest rendition) goes
 * through Whisper in a worker thread, 30 s windows with timestamps. Silent and audio-less videos get
 * an outcome instead of invented words; a missing model fails the job with the reason, and the
 * video plays on regardless. Then the analysis, then `video_processed` if this was the last step.
 */
export async function transcribeVersion(ctx: StepContext, deps: TranscribeDeps, job: { videoId: VideoId; version: string }): Promise<void> {
  await transcribe(ctx, deps, job);
  // the last step (or the ladder) emits video_processed, whichever finishes second
  await ctx.db.transaction((tx) => emitProcessedIfDone(tx, job.videoId, ctx.jobId));
}

/** The transcription failed for good: the reason is kept for the owner, and the video is processed without it. */
export async function transcriptionFailed(db: Db, job: { videoId: VideoId; version: string }, message: string, jobId: string): Promise<void> {
  await finishTranscription(db, job.videoId, job.version, { status: 'failed', error: message });
  await db.transaction((tx) => emitProcessedIfDone(tx, job.videoId, jobId));
}

async function transcribe({ db, signal }: StepContext, deps: TranscribeDeps, { videoId, version }: { videoId: VideoId; version: string }): Promise<void> {
  const t = deps.transcription;
  if (!t) return;
  const video = await findVideo(db, videoId);
  if (!video || video.outputVersion !== version) return; // a newer version has its own job
  const rows = await listRenditions(db, videoId);
  const smallest = rows.filter((r) => r.outputVersion === version).sort((a, b) => a.height - b.height)[0];
  if (!smallest) return;
  await startTranscription(db, videoId, version);
  const started = Date.now();
  if (!smallest.codecs.includes('mp4a')) {
    await finishTranscription(db, videoId, version, { status: 'no_audio', error: 'This video has no sound track.' });
    return;
  }
  const rungPrefix = smallest.playlistKey.slice(0, smallest.playlistKey.lastIndexOf('/'));
  const pcm = await deps.storage.objects.withLocalCopy(rungPrefix, (dir) =>
    extractPcm(deps.config.FFMPEG_PATH, path.resolve(dir, smallest.playlistKey.slice(rungPrefix.length + 1)), signal),
  );
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
      },
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.startsWith('transcription model not available')) throw new PermanentJobError('model_unavailable', message);
    throw e;
  }
  const elapsedMs = Date.now() - started;
  const { segments, language } = result;
  await finishTranscription(db, videoId, version, { status: 'done', segments, language, model: t.options.model, audioSeconds, elapsedMs });
  log.info('transcribed', {
    videoId,
    language,
    segments: segments.length,
    audioSeconds: Math.round(audioSeconds),
    realtime: +(audioSeconds / (elapsedMs / 1000)).toFixed(1),
  });
  await analyzeAndStore(db, videoId, deps.llm);
  // captions in other languages follow the new transcript; all of them go into the master playlist
  await refreshCaptionTracks(db, videoId, version);
  await publishCaptionRenditions(db, deps.storage, videoId);
}
