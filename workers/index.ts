import type { Db } from '@/lib/db/client';
import { requeueOrphanedJobs } from '@/lib/queue/jobs';
import { WorkerPool, type JobHandlers } from '@/lib/queue/runner';
import type { WorkerDeps } from './deps';
import { notifyReadyHandler, purgeVideoHandler, watchUploadHandler } from './handlers/housekeeping';
import { processVideoHandler } from './handlers/process-video';

export type { WorkerDeps } from './deps';

export function createJobHandlers(deps: WorkerDeps): JobHandlers {
  return {
    'process-video': processVideoHandler(deps),
    'watch-upload': watchUploadHandler(),
    'notify-ready': notifyReadyHandler(),
    'purge-video': purgeVideoHandler(deps),
  };
}

export interface StartWorkersOptions {
  concurrency: number;
  pollMs: number;
  leaseSeconds: number;
  /** Embedded mode: this process is the only worker, so jobs left running by a dead process restart at once. */
  soleWorker: boolean;
}

export async function startWorkers(db: Db, deps: WorkerDeps, opts: StartWorkersOptions): Promise<WorkerPool> {
  if (opts.soleWorker) await requeueOrphanedJobs(db);
  const pool = new WorkerPool(db, createJobHandlers(deps), opts);
  pool.start();
  return pool;
}
