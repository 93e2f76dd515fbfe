import type { Config } from '@/lib/config';
import type { Storage } from '@/lib/storage';
import type { WhisperOptions, WhisperRunner } from '@/lib/transcripts/whisper';

export interface TranscriptionDeps {
  whisper: WhisperRunner;
  options: WhisperOptions;
}

export interface WorkerDeps {
  config: Pick<Config, 'FFMPEG_PATH' | 'FFPROBE_PATH' | 'WEFT_FFMPEG_PRESET'>;
  storage: Storage;
  /** Absent: videos are not transcribed. */
  transcription?: TranscriptionDeps;
}

/** The worker dependencies a configuration asks for. */
export function transcriptionFrom(config: Config, whisper: WhisperRunner): TranscriptionDeps | undefined {
  if (config.WEFT_TRANSCRIBE === 'off') return undefined;
  return {
    whisper,
    options: {
      model: config.WEFT_WHISPER_MODEL,
      dtype: config.WEFT_WHISPER_DTYPE,
      modelsDir: config.modelsDir,
      allowDownload: config.WEFT_MODELS_DOWNLOAD === 'on',
      threads: config.WEFT_WHISPER_THREADS,
      language: config.WEFT_WHISPER_LANGUAGE,
    },
  };
}
