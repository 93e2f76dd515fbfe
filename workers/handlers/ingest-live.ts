import { ingestLive, liveIngestFailed } from '@/lib/process/pipeline/live-ingest';
import { jobHandler } from '@/lib/platform/queue/payloads';
import type { JobHandlerSpec } from '@/lib/platform/queue/runner';
import { stepOf, type WorkerDeps } from '../deps';

/** A recording that uploads while it runs becomes HLS as its bytes arrive (lib/process/pipeline/live-ingest.ts). */
export function ingestLiveHandler(deps: WorkerDeps): JobHandlerSpec {
  return jobHandler('ingest-live', {
    run: (ctx) => ingestLive(stepOf(ctx), deps, ctx.payload),
    onFinalFailure: (payload, db, error) => liveIngestFailed(db, payload.uploadId, error.message),
  });
}
