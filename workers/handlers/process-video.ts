import { processingFailed, processVideo } from '@/lib/process/pipeline/pipeline';
import { jobHandler } from '@/lib/platform/queue/payloads';
import type { JobHandlerSpec } from '@/lib/platform/queue/runner';
import { stepOf, type WorkerDeps } from '../deps';

/** raw_video_uploaded (or a trim) → the ladder, thumbnails, `ready` (lib/process/pipeline/pipeline.ts). */
export function processVideoHandler(deps: WorkerDeps): JobHandlerSpec {
  return jobHandler('process-video', {
    run: (ctx) => processVideo(stepOf(ctx), deps, ctx.payload),
    onFinalFailure: (payload, db, error) => processingFailed(db, payload.videoId, error),
  });
}
