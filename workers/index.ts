import type { Db } from '@/lib/db/client';
import { requeueOrphanedJobs } from '@/lib/queue/jobs';
import { WorkerGroup, WorkerPool, type JobHandlers } from '@/lib/queue/runner';
import type { WorkerDeps } from './deps';
import { purgeVideoHandler, watchUploadHandler } from './handlers/housekeeping';
import { deliverWebhookHandler, notifyReadyHandler } from './handlers/notify';
import { ingestLiveHandler } from './handlers/ingest-live';
import { processVideoHandler } from './handlers/process-video';
import { analyzeVideoHandler, transcribeVideoHandler } from './handlers/transcribe-video';

export type { WorkerDeps } from './deps';

export function createJobHandlers(deps: WorkerDeps): JobHandlers {
  return {
    'process-video': processVideoHandler(deps),
    'transcribe-video': transcribeVideoHandler(deps),
    'analyze-video': analyzeVideoHandler(deps),
    'watch-upload': watchUploadHandler(),
    'notify-ready': notifyReadyHandler(deps),
    'deliver-webhook': deliverWebhookHandler(deps),
    'purge-video': purgeVideoHandler(deps),
  };
}

/** Live ingests last as long as a recording and mostly wait for bytes: they get their own lane. */
export function createIngestHandlers(deps: WorkerDeps): JobHandlers {
  return { 'ingest-live': ingestLiveHandler(deps) };
}

export interface StartWorkersOptions {
  concurrency: number;
  /** Live ingests at once (default 4). */
  ingestConcurrency?: number;
  pollMs: number;
  leaseSeconds: number;
  /** Embedded mode: this process is the only worker, so jobs left running by a dead process restart at once. */
  soleWorker: boolean;
}

export async function startWorkers(db: Db, deps: WorkerDeps, opts: StartWorkersOptions): Promise<WorkerGroup> {
  if (opts.soleWorker) await requeueOrphanedJobs(db);
  const group = new WorkerGroup([
    new WorkerPool(db, createJobHandlers(deps), opts),
    new WorkerPool(db, createIngestHandlers(deps), { ...opts, concurrency: opts.ingestConcurrency ?? 4 }),
  ]);
  group.start();
  return group;
}
