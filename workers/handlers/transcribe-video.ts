import { analyzeAndStore } from '@/lib/process/analysis/service';
import { jobHandler } from '@/lib/platform/queue/payloads';
import type { JobHandlerSpec } from '@/lib/platform/queue/runner';
import { transcribeVersion, transcriptionFailed } from '@/lib/process/transcripts/run';
import { captionsFailed, translateCaptions } from '@/lib/process/captions/run';
import { stepOf, type WorkerDeps } from '../deps';

/** A playable version → Whisper, analysis, video_processed when it is the last step (lib/process/transcripts/run.ts). */
export function transcribeVideoHandler(deps: WorkerDeps): JobHandlerSpec {
  return jobHandler('transcribe-video', {
    run: (ctx) => transcribeVersion(stepOf(ctx), deps, ctx.payload),
    onFinalFailure: (payload, db, error, job) => transcriptionFailed(db, payload, error.message, job.id),
  });
}

/** Captions in another language (lib/process/captions/run.ts); a failure for good is shown on the track. */
export function translateCaptionsHandler(deps: WorkerDeps): JobHandlerSpec {
  return jobHandler('translate-captions', {
    run: (ctx) => translateCaptions(stepOf(ctx), deps, ctx.payload),
    onFinalFailure: (payload, db, error) => captionsFailed({ db }, payload, error.message),
  });
}

/** A correction changed the words: the language model refines the (already updated) local analysis. */
export function analyzeVideoHandler(deps: WorkerDeps): JobHandlerSpec {
  return jobHandler('analyze-video', {
    run: async ({ db, payload }) => {
      await analyzeAndStore(db, payload.videoId, deps.llm);
    },
  });
}
