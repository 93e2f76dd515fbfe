import type { JobResult, JobWithMetadata } from 'pg-boss';
import type { Db } from '../db/client';
import { PermanentJobError } from '../errors';
import { log } from '../log';
import { DEAD_LETTER_QUEUE, HOUSEKEEPING_QUEUE, engineOf, type JobEngine } from './engine';
import { requestHousekeeping, scheduleHousekeeping, type HousekeepingData, type HousekeepingTask } from './schedule';
import type { JobRecord } from './jobs';
import type { VideoId } from '../../shared/api/enums';
import { jobSignals } from './signal';

export interface JobContext {
  job: JobRecord;
  db: Db;
  /** Aborted when the worker shuts down, or when the job is no longer this worker's (cancelled, or its heartbeat ran out). */
  signal: AbortSignal;
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

type JobData = Record<string, unknown>;

/** The job pg-boss handed over, as handlers see it. */
function recordOf(kind: string, j: { id: string; data: JobData | null; retryCount: number; retryLimit: number }): JobRecord {
  const payload = j.data && typeof j.data === 'object' ? j.data : {};
  const videoId = typeof payload.videoId === 'string' ? (payload.videoId as VideoId) : null; // written by enqueue: a video's id
  return { id: j.id, kind, payload, attempts: j.retryCount + 1, maxAttempts: j.retryLimit + 1, videoId };
}

/** What a worker's failed attempt leaves in pg-boss's output: the reason, and whether the final-failure hook ran already. */
interface FailureOutput {
  code: string;
  message: string;
  hooked?: boolean;
}

const LOST = 'Processing stopped responding too many times.';

/**
 * The process's workers: one pg-boss worker per job kind, each with its lane's concurrency. pg-boss
 * claims jobs, keeps them alive with heartbeats (a dead worker's job is retried elsewhere), retries
 * failures with backoff and copies jobs that failed for good to the dead-letter queue; this group
 * runs the handlers' final-failure hooks — at the last attempt, or from the dead-letter queue when
 * the worker died.
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
          (jobs: JobWithMetadata<JobData>[]) => Promise.all(jobs.map((j) => this.runOne(kind, spec, j))),
        );
        this.workIds.set(kind, id);
      }
    }
    const dead = await boss.work(DEAD_LETTER_QUEUE, { includeMetadata: true, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2 }, async (jobs: JobWithMetadata<JobData>[]) => {
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

  private async runOne(kind: string, spec: JobHandlerSpec, bossJob: JobWithMetadata<JobData>): Promise<JobResult> {
    const job = recordOf(kind, bossJob);
    const controller = new AbortController();
    const onLost = () => controller.abort(new Error('claim lost: the job was cancelled or taken over'));
    if (bossJob.signal.aborted) onLost();
    else bossJob.signal.addEventListener('abort', onLost, { once: true });
    this.active.set(bossJob.id, controller);
    const ctx: JobContext = { job, db: this.db, signal: controller.signal };
    const started = Date.now();
    try {
      await spec.run(ctx);
      log.info('job done', { id: job.id, kind, ms: Date.now() - started });
      return { id: bossJob.id, status: 'completed' };
    } catch (e) {
      const err = describeError(e);
      if (controller.signal.aborted && !err.permanent) {
        log.warn('job interrupted', { id: job.id, kind, reason: String(controller.signal.reason) });
      }
      const final = err.permanent || bossJob.retryCount >= bossJob.retryLimit;
      log.warn(final ? 'job failed' : 'job will be retried', { id: job.id, kind, attempt: job.attempts, error: err.message });
      // A job that lost its claim (its video was deleted, another worker took it over) is not this worker's to end.
      let hooked = false;
      if (final && !bossJob.signal.aborted) {
        try {
          await spec.onFinalFailure?.(job, this.db, err);
          hooked = true;
        } catch (e2) {
          log.error('a final-failure hook failed', { id: job.id, kind, error: String(e2) });
        }
      }
      const output: FailureOutput = { code: err.code, message: err.message, hooked };
      // A permanent error skips the remaining attempts: straight to the dead-letter queue.
      return { id: bossJob.id, status: err.permanent ? 'deadletter' : 'failed', output: { ...output } };
    } finally {
      bossJob.signal.removeEventListener('abort', onLost);
      this.active.delete(bossJob.id);
      if (this.active.size === 0) for (const r of this.idle.splice(0)) r();
    }
  }

  /**
   * A job pg-boss gave up on. When its worker ran the final-failure hook, nothing is left to do;
   * when the worker died (the heartbeat ran out on the last attempt), the kind's hook runs here, so
   * the video shows why.
   */
  private async onDeadLetter(dead: JobWithMetadata<JobData>): Promise<void> {
    const kind = dead.sourceName;
    const source = (dead.sourceOutput ?? null) as Partial<FailureOutput> | null;
    if (!kind || !dead.sourceId || source?.hooked) return;
    const job = recordOf(kind, { id: dead.sourceId, data: dead.data, retryCount: dead.sourceRetryCount ?? 0, retryLimit: dead.sourceRetryCount ?? 0 });
    log.warn('job lost for good', { id: job.id, kind });
    await this.handlers[kind]?.onFinalFailure?.(job, this.db, { code: 'worker_lost', message: LOST });
  }
}
