import type { JobResult, JobWithMetadata } from 'pg-boss';
import type { Db } from '../db/client';
import { PermanentJobError } from '../errors';
import { log } from '../log';
import { DEAD_LETTER_QUEUE, HOUSEKEEPING_QUEUE, RETRY, engineOf, type JobEngine } from './engine';
import { requestHousekeeping, scheduleHousekeeping, type HousekeepingData, type HousekeepingTask } from './schedule';
import { beginAttempt, completeAttempt, failAttempt, failLostJob, setJobProgress, type BossJobData, type JobRecord } from './jobs';
import { jobSignals } from './signal';

export interface JobContext {
  job: JobRecord;
  db: Db;
  /** Aborted when the worker shuts down, or when the job is no longer this worker's (cancelled, or its heartbeat ran out). */
  signal: AbortSignal;
  setProgress(fraction: number): Promise<void>;
}

export interface JobHandlerSpec {
  run(ctx: JobContext): Promise<void>;
  /** Called once when the job has failed for good (permanent error, attempts used up, or its worker lost for good). */
  onFinalFailure?(job: JobRecord, db: Db, error: { code: string; message: string }): Promise<void>;
  /** At most this many of the kind at once in one process (below the lane's concurrency). */
  maxConcurrency?: number;
}

export type JobHandlers = Record<string, JobHandlerSpec>;

/** Kinds that share a concurrency, e.g. the CPU-bound pipeline or the live ingests. */
export interface WorkerLane {
  handlers: JobHandlers;
  /** Jobs of each kind at once in this process. */
  concurrency: number;
}

export interface WorkerGroupOptions {
  /** How often an idle worker asks for jobs when no notification woke it (pg-boss's floor is 500 ms). */
  pollMs: number;
  /** The scheduled housekeeping this process takes part in (one worker runs each occurrence). */
  housekeeping?: { rollupSeconds: number; run(task: HousekeepingTask): Promise<void> };
}

function describeError(e: unknown): { code: string; message: string; permanent: boolean } {
  if (e instanceof PermanentJobError) return { code: e.code, message: e.message, permanent: true };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'job_failed', message, permanent: false };
}

/** When pg-boss will run the next attempt (for the UI; pg-boss adds jitter). */
function nextAttemptAt(retryCount: number): Date {
  const seconds = Math.min(RETRY.retryDelayMax, RETRY.retryDelay * 2 ** Math.min(16, retryCount));
  return new Date(Date.now() + seconds * 1000);
}

const LOST = 'Processing stopped responding too many times.';

/**
 * The process's workers: one pg-boss worker per job kind, each with its lane's concurrency. pg-boss
 * claims jobs, keeps them alive with heartbeats (a dead worker's job is retried elsewhere), retries
 * failures with backoff and copies jobs that failed for good to the dead-letter queue; this group
 * keeps each job's row in processing_jobs current and runs the handlers' final-failure hooks.
 */
export class WorkerGroup {
  private readonly workIds = new Map<string, string>();
  private readonly active = new Map<string, AbortController>();
  private readonly handlers: JobHandlers;
  private idle: Array<() => void> = [];
  private readonly onQueued = (kind: string) => {
    const id = this.workIds.get(kind);
    if (id) this.engine.boss.notifyWorker(id);
  };
  private readonly engine: JobEngine;

  constructor(
    private readonly db: Db,
    private readonly lanes: WorkerLane[],
    private readonly options: WorkerGroupOptions,
  ) {
    this.engine = engineOf(db);
    this.handlers = Object.assign({}, ...lanes.map((l) => l.handlers)) as JobHandlers;
  }

  async start(): Promise<void> {
    const boss = this.engine.boss;
    const pollingIntervalSeconds = Math.max(0.5, this.options.pollMs / 1000);
    const heartbeatRefreshSeconds = Math.max(1, Math.floor(this.engine.policy.heartbeatSeconds / 3));
    for (const lane of this.lanes) {
      for (const [kind, spec] of Object.entries(lane.handlers)) {
        await this.engine.ensureQueue(kind);
        const localConcurrency = Math.max(1, Math.min(lane.concurrency, spec.maxConcurrency ?? lane.concurrency));
        const id = await boss.work(
          kind,
          { localConcurrency, pollingIntervalSeconds, notifyPollingIntervalSeconds: pollingIntervalSeconds, includeMetadata: true, perJobResults: true, heartbeatRefreshSeconds },
          (jobs: JobWithMetadata<BossJobData>[]) => Promise.all(jobs.map((j) => this.runOne(kind, spec, j))),
        );
        this.workIds.set(kind, id);
      }
    }
    const dead = await boss.work(DEAD_LETTER_QUEUE, { includeMetadata: true, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2 }, async (jobs: JobWithMetadata<BossJobData>[]) => {
      for (const j of jobs) await this.onDeadLetter(j);
    });
    this.workIds.set(DEAD_LETTER_QUEUE, dead);
    const hk = this.options.housekeeping;
    if (hk) {
      const id = await boss.work<HousekeepingData>(HOUSEKEEPING_QUEUE, { pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 }, async (jobs) => {
        for (const j of jobs) {
          try {
            await hk.run(j.data.task);
          } catch (e) {
            log.warn('housekeeping failed', { task: j.data.task, error: e instanceof Error ? e.message : String(e) });
          } finally {
            // the rollup repeats every rollupSeconds (the per-minute cron is the floor if this chain breaks)
            if (j.data.task === 'rollup') await requestHousekeeping(this.db, 'rollup', hk.rollupSeconds, hk.rollupSeconds).catch(() => false);
          }
        }
      });
      this.workIds.set(HOUSEKEEPING_QUEUE, id);
      await scheduleHousekeeping(this.db, hk.rollupSeconds);
    }
    jobSignals().on('queued', this.onQueued);
  }

  /** Stops taking jobs; waits up to `graceMs` for running ones, then aborts them (pg-boss retries them later). */
  async stop(graceMs = 10_000): Promise<void> {
    jobSignals().off('queued', this.onQueued);
    const boss = this.engine.boss;
    await Promise.all([...this.workIds].map(([kind, id]) => boss.offWork(kind, { id, wait: false }).catch(() => undefined)));
    this.workIds.clear();
    await this.idleWithin(graceMs);
    for (const c of this.active.values()) c.abort(new Error('worker stopping'));
    // the aborted handlers record their attempt
    await this.idleWithin(3000);
  }

  /** Resolves when no job runs, or after `ms`. */
  private async idleWithin(ms: number): Promise<void> {
    if (this.active.size === 0) return;
    const done = new Promise<void>((resolve) => this.idle.push(resolve));
    await Promise.race([done, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
  }

  get activeCount(): number {
    return this.active.size;
  }

  private async runOne(kind: string, spec: JobHandlerSpec, bossJob: JobWithMetadata<BossJobData>): Promise<JobResult> {
    const jobId = Number(bossJob.data?.jobId);
    const attempt = bossJob.retryCount + 1;
    if (!Number.isSafeInteger(jobId)) return { id: bossJob.id, status: 'deadletter', output: { message: 'The job has no row in processing_jobs.' } };
    const job = await beginAttempt(this.db, jobId, bossJob.id, attempt);
    // Ended meanwhile (its video was deleted, or an operator's retry replaced it): nothing to run.
    if (!job) return { id: bossJob.id, status: 'completed', output: { skipped: true } };

    const controller = new AbortController();
    const onLost = () => controller.abort(new Error('claim lost: the job was cancelled or taken over'));
    if (bossJob.signal.aborted) onLost();
    else bossJob.signal.addEventListener('abort', onLost, { once: true });
    this.active.set(bossJob.id, controller);
    let lastProgress = 0;
    const ctx: JobContext = {
      job,
      db: this.db,
      signal: controller.signal,
      setProgress: async (fraction) => {
        const now = Date.now();
        if (now - lastProgress < 500 && fraction < 1) return;
        lastProgress = now;
        await setJobProgress(this.db, job.id, Math.max(0, Math.min(1, fraction)));
      },
    };
    const started = Date.now();
    try {
      await spec.run(ctx);
      await completeAttempt(this.db, job.id, attempt);
      log.info('job done', { id: job.id, kind, ms: Date.now() - started });
      return { id: bossJob.id, status: 'completed' };
    } catch (e) {
      const err = describeError(e);
      if (controller.signal.aborted && !err.permanent) {
        log.warn('job interrupted', { id: job.id, kind, reason: String(controller.signal.reason) });
      }
      const final = err.permanent || bossJob.retryCount >= bossJob.retryLimit;
      try {
        const recorded = await failAttempt(this.db, job.id, attempt, err.message, final, nextAttemptAt(bossJob.retryCount));
        log.warn(final ? 'job failed' : 'job will be retried', { id: job.id, kind, attempt, error: err.message });
        if (final && recorded) await spec.onFinalFailure?.(job, this.db, err);
      } catch (e2) {
        log.error('recording a job failure failed', { id: job.id, error: String(e2) });
      }
      // A permanent error skips the remaining attempts: straight to the dead-letter queue.
      return { id: bossJob.id, status: err.permanent ? 'deadletter' : 'failed', output: { code: err.code, message: err.message } };
    } finally {
      bossJob.signal.removeEventListener('abort', onLost);
      this.active.delete(bossJob.id);
      if (this.active.size === 0) for (const r of this.idle.splice(0)) r();
    }
  }

  /**
   * A job pg-boss gave up on. When its worker recorded the failure, nothing is left to do; when the
   * worker died (the heartbeat ran out on the last attempt), the row is failed here and the kind's
   * final-failure hook runs, so the video shows why.
   */
  private async onDeadLetter(dead: JobWithMetadata<BossJobData>): Promise<void> {
    if (!dead.sourceId) return;
    const job = await failLostJob(this.db, dead.sourceId, LOST);
    if (!job) return;
    log.warn('job lost for good', { id: job.id, kind: job.kind });
    await this.handlers[job.kind]?.onFinalFailure?.(job, this.db, { code: 'worker_lost', message: LOST });
  }
}
