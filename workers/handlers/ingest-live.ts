import { ingestLive, liveIngestFailed } from '@/lib/processing/live-ingest';
import { jobHandler } from '@/lib/queue/payloads';
import type { JobHandlerSpec } from '@/lib/queue/runner';
import { stepOf, type WorkerDeps } from '../deps';

/** A recording that uploads while it runs becomes HLS as its bytes arrive (lib/processing/live-ingest.ts). */
export function ingestLiveHandler(deps: WorkerDeps): JobHandlerSpec {
  return jobHandler('ingest-live', {
    run: (ctx) => ingestLive(stepOf(ctx), deps, ctx.payload),
    onFinalFailure: (payload, db, error) => liveIngestFailed(db, payload.uploadId, error.message),
  });
}
