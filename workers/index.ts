import type { Db } from '@/lib/db/client';
import { requeueOrphanedJobs } from '@/lib/queue/jobs';
import { WorkerGroup, WorkerPool, type JobHandlers } from '@/lib/queue/runner';
import { llmFrom } from '@/lib/analysis/service';
import { startAnalyticsSchedule } from '@/lib/analytics/schedule';
import type { Runtime } from '@/lib/runtime';
import { WhisperRunner } from '@/lib/transcripts/whisper';
import { notifyFrom, transcriptionFrom, type WorkerDeps } from './deps';
import { purgeVideoHandler, watchUploadHandler } from './handlers/housekeeping';
import { deliverWebhookHandler, notifyCommentHandler, notifyReadyHandler } from './handlers/notify';
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
    'notify-comment': notifyCommentHandler(deps),
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
  /** The analytics rollup and retention (every worker process; they take turns by lock). */
  analytics?: { rollupSeconds: number; retentionDays: number };
}

/** Everything the job handlers need, from the process's runtime and configuration (one place for both entry points). */
export function workerDepsFrom(rt: Pick<Runtime, 'config' | 'storage'>, whisper: WhisperRunner = new WhisperRunner()): WorkerDeps {
  return {
    config: rt.config,
    storage: rt.storage,
    transcription: transcriptionFrom(rt.config, whisper),
    llm: llmFrom(rt.config),
    notify: notifyFrom(rt.config),
  };
}

/** The worker pools of a process (web server inline, or `npm run worker`), configured from its settings. */
export function startWorkersFor(rt: Runtime, opts: { soleWorker: boolean }): Promise<WorkerGroup> {
  const c = rt.config;
  return startWorkers(rt.db, workerDepsFrom(rt), {
    concurrency: c.WEFT_WORKER_CONCURRENCY,
    ingestConcurrency: c.WEFT_INGEST_CONCURRENCY,
    pollMs: c.WEFT_JOB_POLL_MS,
    leaseSeconds: c.WEFT_JOB_LEASE_SECONDS,
    soleWorker: opts.soleWorker,
    analytics: { rollupSeconds: c.WEFT_ANALYTICS_ROLLUP_SECONDS, retentionDays: c.WEFT_ANALYTICS_RETENTION_DAYS },
  });
}

export async function startWorkers(db: Db, deps: WorkerDeps, opts: StartWorkersOptions): Promise<WorkerGroup> {
  if (opts.soleWorker) await requeueOrphanedJobs(db);
  const group = new WorkerGroup(
    [new WorkerPool(db, createJobHandlers(deps), opts), new WorkerPool(db, createIngestHandlers(deps), { ...opts, concurrency: opts.ingestConcurrency ?? 4 })],
    opts.analytics ? [startAnalyticsSchedule(db, opts.analytics)] : [],
  );
  group.start();
  return group;
}
