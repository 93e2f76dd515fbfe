import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Db } from '../db/client';
import { PermanentJobError } from '../errors';
import { log } from '../log';
import {
  claimJob,
  completeJob,
  failJob,
  heartbeat,
  setJobProgress,
  takeExhaustedStalledJobs,
  type JobRecord,
} from './jobs';
import { jobSignals } from './signal';

export interface JobContext {
  job: JobRecord;
  db: Db;
  /** Aborted when the worker shuts down or loses the job's lease. */
  signal: AbortSignal;
  setProgress(fraction: number): Promise<void>;
}

export interface JobHandlerSpec {
  run(ctx: JobContext): Promise<void>;
  /** Called once when the job has failed for good (permanent error or attempts used up). */
  onFinalFailure?(job: JobRecord, db: Db, error: { code: string; message: string }): Promise<void>;
}

export type JobHandlers = Record<string, JobHandlerSpec>;

export interface WorkerPoolOptions {
  concurrency: number;
  pollMs: number;
  leaseSeconds: number;
  workerId?: string;
}

function describeError(e: unknown): { code: string; message: string; permanent: boolean } {
  if (e instanceof PermanentJobError) return { code: e.code, message: e.message, permanent: true };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'job_failed', message, permanent: false };
}

/** Runs jobs from the Postgres queue: claims, heartbeats, retries with backoff, final-failure hooks. */
export class WorkerPool {
  readonly workerId: string;
  private readonly active = new Map<number, AbortController>();
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly onQueued = () => this.fill();
  private filling = false;
  private refill = false;
  private idle: Array<() => void> = [];

  constructor(
    private readonly db: Db,
    private readonly handlers: JobHandlers,
    private readonly options: WorkerPoolOptions,
  ) {
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    jobSignals().on('queued', this.onQueued);
    const tick = () => {
      if (!this.running) return;
      void this.sweep().finally(() => this.fill());
      this.timer = setTimeout(tick, this.options.pollMs);
    };
    tick();
  }

  /** Stops claiming; waits up to `graceMs` for running jobs, then aborts them (they are retried later). */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    jobSignals().off('queued', this.onQueued);
    if (this.timer) clearTimeout(this.timer);
    if (this.active.size === 0) return;
    const done = new Promise<void>((resolve) => this.idle.push(resolve));
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([done, timeout]);
    for (const c of this.active.values()) c.abort(new Error('worker stopping'));
  }

  get activeCount(): number {
    return this.active.size;
  }

  private async sweep(): Promise<void> {
    try {
      const dead = await takeExhaustedStalledJobs(this.db, Object.keys(this.handlers));
      for (const job of dead) {
        await this.handlers[job.kind]?.onFinalFailure?.(job, this.db, {
          code: 'worker_lost',
          message: 'Processing stopped responding too many times.',
        });
      }
    } catch (e) {
      log.warn('queue sweep failed', { error: String(e) });
    }
  }

  private fill(): void {
    if (!this.running) return;
    if (this.filling) {
      this.refill = true;
      return;
    }
    this.filling = true;
    void (async () => {
      try {
        do {
          this.refill = false;
          while (this.running && this.active.size < this.options.concurrency) {
            const job = await claimJob(this.db, this.workerId, this.options.leaseSeconds, Object.keys(this.handlers));
            if (!job) break;
            this.launch(job);
          }
        } while (this.refill && this.running);
      } catch (e) {
        log.warn('claiming a job failed', { error: String(e) });
      } finally {
        this.filling = false;
      }
    })();
  }

  private launch(job: JobRecord): void {
    const controller = new AbortController();
    this.active.set(job.id, controller);
    const spec = this.handlers[job.kind];
    const beat = setInterval(
      () => {
        void heartbeat(this.db, job.id, this.workerId, this.options.leaseSeconds)
          .then((mine) => {
            if (!mine) controller.abort(new Error('lease lost'));
          })
          .catch(() => undefined);
      },
      Math.max(1000, (this.options.leaseSeconds * 1000) / 3),
    );
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
    void (async () => {
      try {
        if (!spec) throw new PermanentJobError('unknown_job', `No handler for job kind ${job.kind}`);
        await spec.run(ctx);
        await completeJob(this.db, job.id, this.workerId);
        log.info('job done', { id: job.id, kind: job.kind, ms: Date.now() - started });
      } catch (e) {
        const err = describeError(e);
        if (controller.signal.aborted && !err.permanent) {
          log.warn('job interrupted', { id: job.id, kind: job.kind, reason: String(controller.signal.reason) });
        }
        try {
          const final = await failJob(this.db, job, this.workerId, err.message, err.permanent);
          log.warn(final ? 'job failed' : 'job will be retried', {
            id: job.id,
            kind: job.kind,
            attempt: job.attempts,
            error: err.message,
          });
          if (final) await spec?.onFinalFailure?.(job, this.db, err);
        } catch (e2) {
          log.error('recording a job failure failed', { id: job.id, error: String(e2) });
        }
      } finally {
        clearInterval(beat);
        this.active.delete(job.id);
        if (this.active.size === 0) for (const r of this.idle.splice(0)) r();
        this.fill();
      }
    })();
  }
}

/** Several pools started and stopped together: each lane has its own job kinds and concurrency. */
export class WorkerGroup {
  constructor(
    readonly pools: WorkerPool[],
    /** Periodic tasks of the process (the analytics rollup), stopped with the pools. */
    private readonly tasks: Array<{ stop(): void }> = [],
  ) {}

  start(): void {
    for (const p of this.pools) p.start();
  }

  async stop(graceMs = 10_000): Promise<void> {
    for (const t of this.tasks) t.stop();
    await Promise.all(this.pools.map((p) => p.stop(graceMs)));
  }

  get activeCount(): number {
    return this.pools.reduce((n, p) => n + p.activeCount, 0);
  }
}
