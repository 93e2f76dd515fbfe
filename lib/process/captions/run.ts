import path from 'node:path';
import { PermanentJobError } from '../../platform/errors';
import { log } from '../../platform/log';
import type { StepContext } from '../pipeline/types';
import { findVideo, listRenditions } from '../../videos/repo';
import { extractPcm } from '../transcripts/audio';
import { findTranscript } from '../transcripts/service';
import type { TranscribeDeps } from '../transcripts/run';
import type { VideoId } from '../../shared/api/enums';
import { publishCaptionRenditions } from './hls';
import { findCaptionTrack, setCaptionState } from './service';
import { translateWithLlm } from './translate';

/**
 * One caption track: the transcript of the version playing, translated — by the language model
 * when one is configured, else into English by Whisper's translate task — then listed in the
 * version's master playlist. A track asked for an older version is made again for the new one.
 */
export async function translateCaptions(ctx: StepContext, deps: TranscribeDeps, job: { videoId: VideoId; lang: string }): Promise<void> {
  const { db, signal } = ctx;
  const video = await findVideo(db, job.videoId);
  const track = await findCaptionTrack(db, job.videoId, job.lang);
  if (!video?.outputVersion || !track) return; // deleted meanwhile
  const t = await findTranscript(db, job.videoId);
  if (!t || t.status !== 'done' || t.outputVersion !== video.outputVersion) return; // the new transcript asks again when it is done
  await setCaptionState(db, job.videoId, job.lang, { status: 'running', outputVersion: video.outputVersion, error: null });
  const started = Date.now();
  let segments;
  let source: 'llm' | 'whisper';
  if (deps.llm) {
    segments = await translateWithLlm(deps.llm, t.segments, job.lang, t.language, signal);
    source = 'llm';
  } else if (job.lang === 'en' && deps.transcription) {
    const rows = (await listRenditions(db, job.videoId)).filter((r) => r.outputVersion === video.outputVersion && r.codecs.includes('mp4a'));
    const smallest = rows.sort((a, b) => a.height - b.height)[0];
    if (!smallest) throw new PermanentJobError('no_audio', 'This video has no sound to translate.');
    const prefix = smallest.playlistKey.slice(0, smallest.playlistKey.lastIndexOf('/'));
    const pcm = await deps.storage.objects.withLocalCopy(prefix, (dir) => extractPcm(deps.config.FFMPEG_PATH, path.resolve(dir, smallest.playlistKey.slice(prefix.length + 1)), signal));
    const opts = { ...deps.transcription.options, task: 'translate' as const, language: t.language ?? undefined };
    segments = (await deps.transcription.whisper.transcribe(pcm, opts, { signal })).segments;
    source = 'whisper';
  } else {
    throw new PermanentJobError('translation_unavailable', 'No language model is configured (WEFT_LLM_URL), and Whisper only translates into English.');
  }
  const current = await findVideo(db, job.videoId);
  if (current?.outputVersion !== video.outputVersion) return; // an edit made a new version meanwhile: its transcript asks again
  await setCaptionState(db, job.videoId, job.lang, { status: 'done', segments, source, error: null });
  await publishCaptionRenditions(db, deps.storage, job.videoId);
  log.info('captions translated', { videoId: job.videoId, lang: job.lang, source, segments: segments.length, ms: Date.now() - started });
}

export async function captionsFailed(ctx: { db: StepContext['db'] }, job: { videoId: VideoId; lang: string }, message: string): Promise<void> {
  await setCaptionState(ctx.db, job.videoId, job.lang, { status: 'failed', error: message.slice(0, 500) });
}
