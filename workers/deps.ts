import type { Config } from '@/lib/platform/config';
import type { LlmOptions } from '@/lib/process/analysis/llm';
import type { Resolver } from '@/lib/platform/net/address';
import type { Mailer } from '@/lib/process/notify/mail';
import type { JobContext } from '@/lib/platform/queue/runner';
import type { MediaDeps, StepContext } from '@/lib/process/pipeline/types';
import type { TranscriptionDeps } from '@/lib/process/transcripts/run';
import type { WhisperRunner } from '@/lib/process/transcripts/whisper';

export type { TranscriptionDeps } from '@/lib/process/transcripts/run';

export interface WorkerDeps extends MediaDeps {
  /** Absent: videos are not transcribed. */
  transcription?: TranscriptionDeps;
  /** An OpenAI-compatible endpoint that refines the local analysis (optional). */
  llm?: LlmOptions;
  /** E-mail (when SMTP is configured) and the base of links in messages. */
  notify?: {
    mailer?: Mailer;
    publicUrl: string | null;
    /** WEFT_WEBHOOK_ALLOW_PRIVATE: webhooks may go to private addresses (a LAN install). */
    allowPrivateWebhooks?: boolean;
    /** For tests: a resolver other than the system's. */
    resolve?: Resolver;
  };
}

/** A job's context as the steps in lib/ take it. */
export function stepOf(ctx: JobContext): StepContext {
  return { db: ctx.db, signal: ctx.signal, jobId: ctx.job.id };
}

export function notifyFrom(config: Config, mailer: Mailer | undefined): WorkerDeps['notify'] {
  return {
    mailer,
    publicUrl: config.WEFT_PUBLIC_URL ?? null,
    allowPrivateWebhooks: config.WEFT_WEBHOOK_ALLOW_PRIVATE === 'true',
  };
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
