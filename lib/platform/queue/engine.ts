import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite, type Db as IDatabase, type Queue } from 'pg-boss';
import type { DatabaseConnection, DbOrTx } from '../db/client';
import { log } from '../log';
import { CONFIG_DEFAULTS } from '../config';

/**
 * The job engine: pg-boss on the application's database (PostgreSQL, or the embedded PGlite).
 * It owns claiming, heartbeats, retries with backoff, dead letters, retention and schedules;
 * Its job table is the one record of a job (lib/platform/queue/jobs.ts).
 */

/** Where jobs that failed for good are copied (by pg-boss), to run the final-failure hooks of jobs whose worker died. */
export const DEAD_LETTER_QUEUE = 'weft-dead-letter';
/** The scheduled housekeeping (analytics rollup, retention, expired uploads). */
export const HOUSEKEEPING_QUEUE = 'weft-housekeeping';

export interface EnginePolicy {
  /** A running job must heartbeat within this many seconds or it is retried elsewhere (>= 10). */
  heartbeatSeconds: number;
  /** Finished jobs are deleted from pg-boss after this many days. */
  retentionDays: number;
  /**
   * How often pg-boss looks for jobs whose heartbeat ran out (a worker died) and refreshes its queue
   * statistics. Default: 10 s on PostgreSQL (other processes' workers may die); 60 s on PGlite, where
   * the only worker is this process and every statement waits for the one connection.
   */
  superviseSeconds?: number;
}

/** The configuration's defaults (lib/platform/config.ts is the one place they are written). */
export const DEFAULT_POLICY: EnginePolicy = { heartbeatSeconds: CONFIG_DEFAULTS.WEFT_JOB_LEASE_SECONDS, retentionDays: CONFIG_DEFAULTS.WEFT_JOB_RETENTION_DAYS };

/** Every queue of the application, created when the engine starts. */
export const APP_QUEUES = [
  'process-video',
  'ingest-live',
  'transcribe-video',
  'analyze-video',
  'watch-upload',
  'notify-ready',
  'deliver-webhook',
  'purge-video',
  'drop-version',
  'translate-captions',
  'notify-comment',
  HOUSEKEEPING_QUEUE,
] as const;

/** How long one attempt of a kind may take at most (a live ingest lasts as long as its recording). */
const EXPIRE_SECONDS: Record<string, number> = {
  'ingest-live': 12 * 3600,
  'process-video': 6 * 3600,
  'transcribe-video': 6 * 3600,
  'analyze-video': 3600,
  'translate-captions': 3 * 3600,
  'purge-video': 3600,
  [HOUSEKEEPING_QUEUE]: 3600,
};

/** Backoff between attempts: 2 s, 4 s, 8 s … (with jitter), at most 5 minutes. */
export const RETRY = { retryDelay: 2, retryBackoff: true, retryDelayMax: 300 } as const;

const KEY = Symbol.for('weft.queue.engines');
type Holder = { [KEY]?: WeakMap<object, JobEngine> };
function registry(): WeakMap<object, JobEngine> {
  const g = globalThis as Holder;
  g[KEY] ??= new WeakMap();
  return g[KEY];
}

/**
 * A database handle and its transactions share drizzle's dialect object: it keys the engine, so
 * `enqueue(tx, …)` finds the engine of the database the transaction belongs to.
 */
function dialectOf(db: DbOrTx): object {
  const d = (db as unknown as { dialect?: unknown }).dialect;
  if (typeof d !== 'object' || d === null) throw new Error('not a drizzle database');
  return d;
}

export function isTransaction(db: DbOrTx): boolean {
  return typeof (db as { rollback?: unknown }).rollback === 'function';
}

/** Where the engine connects: the embedded PGlite client itself, or the PostgreSQL URL. */
export type EngineTarget = DatabaseConnection;

export class JobEngine {
  private readonly queues = new Map<string, Promise<void>>();

  private constructor(
    readonly boss: PgBoss,
    readonly kind: EngineTarget['kind'],
    readonly policy: EnginePolicy,
  ) {}

  /** Installs or migrates pg-boss's schema (under an advisory lock) and starts its supervisor and scheduler. */
  static async start(target: EngineTarget, overrides: Partial<EnginePolicy> = {}): Promise<JobEngine> {
    const policy: EnginePolicy = { ...DEFAULT_POLICY, ...overrides };
    if (policy.heartbeatSeconds < 10) throw new Error('The job heartbeat must be at least 10 seconds.');
    const supervise = policy.superviseSeconds ?? (target.kind === 'pglite' ? 60 : 10);
    const common = {
      schema: 'pgboss',
      // missed heartbeats and expired jobs are found within this many seconds
      superviseIntervalSeconds: supervise,
      monitorIntervalSeconds: supervise,
      cronWorkerIntervalSeconds: 15,
      useListenNotify: true,
      instanceName: `weft:${process.pid}`,
    };
    const boss =
      target.kind === 'pglite'
        ? new PgBoss({ ...common, db: fromPglite(target.client), backend: 'pglite' })
        : new PgBoss({ ...common, connectionString: target.url, max: 6, application_name: 'weft-queue' });
    boss.on('error', (e: unknown) => log.warn('job engine error', { error: e instanceof Error ? e.message : String(e) }));
    boss.on('warning', (w: { message?: string }) => log.warn('job engine warning', { warning: w?.message ?? String(w) }));
    await boss.start();
    const engine = new JobEngine(boss, target.kind, policy);
    await engine.ensureQueue(DEAD_LETTER_QUEUE);
    for (const q of APP_QUEUES) await engine.ensureQueue(q);
    return engine;
  }

  /** Registers this engine as the one of `db` (and of its transactions). */
  attach(db: DbOrTx): void {
    registry().set(dialectOf(db), this);
  }

  detach(db: DbOrTx): void {
    const r = registry();
    if (r.get(dialectOf(db)) === this) r.delete(dialectOf(db));
  }

  /** Creates a kind's queue once (idempotent across processes). */
  ensureQueue(name: string): Promise<void> {
    let p = this.queues.get(name);
    if (!p) {
      p = this.createQueue(name);
      this.queues.set(name, p);
      p.catch(() => this.queues.delete(name));
    }
    return p;
  }

  hasQueue(name: string): boolean {
    return this.queues.has(name);
  }

  private async createQueue(name: string): Promise<void> {
    const options: Omit<Queue, 'name'> = {
      ...RETRY,
      retryLimit: 4,
      expireInSeconds: EXPIRE_SECONDS[name] ?? 1800,
      deleteAfterSeconds: this.policy.retentionDays * 86_400,
      retentionSeconds: Math.max(14, this.policy.retentionDays) * 86_400,
      notify: true,
    };
    if (name !== DEAD_LETTER_QUEUE) {
      options.heartbeatSeconds = this.policy.heartbeatSeconds;
      options.deadLetter = DEAD_LETTER_QUEUE;
    }
    const existing = await this.boss.getQueue(name);
    if (existing) {
      if (existing.heartbeatSeconds !== (options.heartbeatSeconds ?? null) || existing.deleteAfterSeconds !== options.deleteAfterSeconds) {
        await this.boss.updateQueue(name, {
          heartbeatSeconds: options.heartbeatSeconds ?? null,
          deleteAfterSeconds: options.deleteAfterSeconds,
          expireInSeconds: options.expireInSeconds,
        });
      }
      return;
    }
    try {
      await this.boss.createQueue(name, options);
    } catch (e) {
      // another process created it in between
      if (!(await this.boss.getQueue(name))) throw e;
    }
  }

  /** The caller's transaction (or database) as pg-boss sees a connection. */
  connection(db: DbOrTx): IDatabase {
    return fromDrizzle(db as never, sql as never);
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, close: true, timeout: 2000 });
  }
}

/** The engine of the database `db` belongs to. */
export function engineOf(db: DbOrTx): JobEngine {
  const engine = registry().get(dialectOf(db));
  if (!engine) throw new Error('The job queue is not running for this database.');
  return engine;
}
