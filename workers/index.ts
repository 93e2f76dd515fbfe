import type { Db } from '@/lib/platform/db/client';
import { releaseJobsOfDeadProcess } from '@/lib/platform/queue/jobs';
import { WorkerGroup, type JobHandlers } from '@/lib/platform/queue/runner';
import { llmFrom } from '@/lib/process/analysis/service';
import type { Deps } from '@/lib/server/deps';
import { WhisperRunner } from '@/lib/process/transcripts/whisper';
import { notifyFrom, transcriptionFrom, type WorkerDeps } from './deps';
import { dropVersionHandler, housekeepingTasks, purgeVideoHandler, watchUploadHandler, type HousekeepingOptions } from './handlers/housekeeping';
import { deliverWebhookHandler, notifyCommentHandler, notifyReadyHandler } from './handlers/notify';
import { ingestLiveHandler } from './handlers/ingest-live';
import { processVideoHandler } from './handlers/process-video';
import { analyzeVideoHandler, transcribeVideoHandler, translateCaptionsHandler } from './handlers/transcribe-video';

export type { WorkerDeps } from './deps';

export function createJobHandlers(deps: WorkerDeps): JobHandlers {
  return {
    'process-video': processVideoHandler(deps),
    // CPU-bound and long: one at a time per process (the ladder keeps WEFT_WORKER_CONCURRENCY)
    'transcribe-video': { ...transcribeVideoHandler(deps), maxConcurrency: 1 },
    'analyze-video': { ...analyzeVideoHandler(deps), maxConcurrency: 1 },
    'translate-captions': { ...translateCaptionsHandler(deps), maxConcurrency: 1 },
    'watch-upload': watchUploadHandler(),
    'notify-ready': notifyReadyHandler(deps),
    'notify-comment': notifyCommentHandler(deps),
    'deliver-webhook': deliverWebhookHandler(deps),
    'purge-video': { ...purgeVideoHandler(deps), maxConcurrency: 1 },
    'drop-version': dropVersionHandler(deps),
  };
}

/** Live ingests last as long as a recording and mostly wait for bytes: they get their own lane. */
export function createIngestHandlers(deps: WorkerDeps): JobHandlers {
  return { 'ingest-live': ingestLiveHandler(deps) };
}

export interface StartWorkersOptions {
  /** Jobs of each kind at once in this process (the heavy ones are capped lower by their handlers). */
  concurrency: number;
  /** Live ingests at once (default 4). */
  ingestConcurrency?: number;
  pollMs: number;
  /** Embedded mode: this process is the only worker, so jobs a dead process held restart at once. */
  soleWorker: boolean;
  /** The scheduled housekeeping (every worker process takes part; one runs each occurrence). */
  housekeeping?: HousekeepingOptions;
}

/** What the job handlers need, from the process's dependencies (one place for both entry points). */
export function workerDepsFrom(d: Pick<Deps, 'config' | 'storage' | 'mailer'>, whisper: WhisperRunner = new WhisperRunner()): WorkerDeps {
  return {
    config: d.config,
    storage: d.storage,
    transcription: transcriptionFrom(d.config, whisper),
    llm: llmFrom(d.config),
    notify: notifyFrom(d.config, d.mailer),
  };
}

/** The workers of a process (web server inline, or `npm run worker`), configured from its settings. */
export function startWorkersFor(rt: Deps, opts: { soleWorker: boolean }): Promise<WorkerGroup> {
  const c = rt.config;
  return startWorkers(rt.db, workerDepsFrom(rt), {
    concurrency: c.WEFT_WORKER_CONCURRENCY,
    ingestConcurrency: c.WEFT_INGEST_CONCURRENCY,
    pollMs: c.WEFT_JOB_POLL_MS,
    soleWorker: opts.soleWorker,
    housekeeping: {
      rollupSeconds: c.WEFT_ANALYTICS_ROLLUP_SECONDS,
      analyticsRetentionDays: c.WEFT_ANALYTICS_RETENTION_DAYS,
      jobRetentionDays: c.WEFT_JOB_RETENTION_DAYS,
      clock: rt.clock,
      cleanExpiredUploads: () => rt.tus.cleanUpExpiredUploads(),
    },
  });
}

export async function startWorkers(db: Db, deps: WorkerDeps, opts: StartWorkersOptions): Promise<WorkerGroup> {
  if (opts.soleWorker) await releaseJobsOfDeadProcess(db);
  const lanes = [{ handlers: createJobHandlers(deps), concurrency: opts.concurrency }];
  const ingest = opts.ingestConcurrency ?? 4;
  if (ingest > 0) lanes.push({ handlers: createIngestHandlers(deps), concurrency: ingest });
  const hk = opts.housekeeping;
  const group = new WorkerGroup(db, lanes, {
    pollMs: opts.pollMs,
    housekeeping: hk ? { rollupSeconds: hk.rollupSeconds, run: housekeepingTasks(db, hk) } : undefined,
  });
  await group.start();
  return group;
}
