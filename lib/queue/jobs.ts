import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client';
import { processingJobs, videos, type JobStatus } from '../db/schema';
import { engineOf, isTransaction, type JobEngine } from './engine';
import { signalJobsQueued } from './signal';
import type { VideoId } from '../api/enums';

/**
 * Jobs: pg-boss runs them (claims, heartbeats, retries with backoff, dead letters); each has a row
 * in processing_jobs, written in the caller's transaction together with the pg-boss job, that
 * shows its status, attempts, progress and last error, and carries the dedupe key that makes an
 * event's delivery to a consumer happen once.
 */
export interface JobRecord {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  videoId: VideoId | null;
}

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  /** Enqueueing again with the same key is a no-op. Leave it out for a job that may run any number of times. */
  dedupeKey?: string;
  videoId?: VideoId | null;
  runAt?: Date;
  maxAttempts?: number;
}

/** What pg-boss carries for a job: the row it belongs to. */
export interface BossJobData {
  jobId: number;
}

async function sendToEngine(engine: JobEngine, db: DbOrTx, row: { id: number; kind: string; bossId: string; runAt: Date; maxAttempts: number }): Promise<void> {
  if (!engine.hasQueue(row.kind)) {
    // A kind outside the application's list (tests, plugins): its queue is made on first use.
    if (isTransaction(db) && engine.kind === 'pglite') throw new Error(`Unknown job kind ${row.kind}: create its queue before enqueueing in a transaction.`);
    await engine.ensureQueue(row.kind);
  }
  const data: BossJobData = { jobId: row.id };
  await engine.boss.send(row.kind, data, {
    id: row.bossId,
    startAfter: row.runAt,
    retryLimit: Math.max(0, row.maxAttempts - 1),
    db: engine.connection(db),
  });
}

/** Adds a job; false when a job with the same dedupe key exists already. Call inside the caller's transaction. */
export async function enqueue(db: DbOrTx, job: NewJob): Promise<boolean> {
  const engine = engineOf(db);
  const bossId = randomUUID();
  const runAt = job.runAt ?? new Date();
  const maxAttempts = job.maxAttempts ?? 5;
  const inserted = await db
    .insert(processingJobs)
    .values({
      kind: job.kind,
      payload: job.payload ?? {},
      dedupeKey: job.dedupeKey ?? null,
      videoId: job.videoId ?? null,
      runAt,
      maxAttempts,
      bossId,
    })
    .onConflictDoNothing({ target: processingJobs.dedupeKey })
    .returning({ id: processingJobs.id });
  const row = inserted[0];
  if (!row) return false;
  await sendToEngine(engine, db, { id: row.id, kind: job.kind, bossId, runAt, maxAttempts });
  signalJobsQueued(job.kind);
  return true;
}

type RawJob = {
  id: string;
  kind: string;
  payload: Record<string, unknown> | string;
  attempts: number;
  max_attempts: number;
  video_id: string | null;
};

function toJob(r: RawJob): JobRecord {
  return {
    id: Number(r.id),
    kind: r.kind,
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    videoId: r.video_id as VideoId | null, // read from the database: a video's id
  };
}

const RETURNING = sql`returning id::text as id, kind, payload, attempts, max_attempts, video_id`;

/**
 * An attempt begins (pg-boss handed the job to this worker): the row shows it running. Null when
 * the row is gone or ended (its video was deleted, or the attempt is stale): the job must not run.
 */
export async function beginAttempt(db: DbOrTx, jobId: number, bossId: string, attempt: number): Promise<JobRecord | null> {
  const rows = await queryRows<RawJob>(
    db,
    sql`update processing_jobs set status = 'running', attempts = ${attempt}, progress = null, updated_at = now()
        where id = ${jobId} and boss_id = ${bossId} and status in ('queued', 'running') ${RETURNING}`,
  );
  return rows[0] ? toJob(rows[0]) : null;
}

export async function setJobProgress(db: DbOrTx, jobId: number, progress: number): Promise<void> {
  await db.execute(sql`update processing_jobs set progress = ${progress}, updated_at = now() where id = ${jobId} and status = 'running'`);
}

/** The attempt succeeded (unless the row has moved on: cancelled, or another worker's attempt). */
export async function completeAttempt(db: DbOrTx, jobId: number, attempt: number): Promise<void> {
  await db.execute(
    sql`update processing_jobs set status = 'done', progress = 1, finished_at = now(), updated_at = now(), last_error = null
        where id = ${jobId} and status = 'running' and attempts = ${attempt}`,
  );
}

/**
 * Records a failed attempt: back to queued (pg-boss retries it after its backoff) or failed for
 * good. False when the row had already ended (the video was deleted meanwhile).
 */
export async function failAttempt(db: DbOrTx, jobId: number, attempt: number, message: string, final: boolean, retryAt?: Date): Promise<boolean> {
  const status: JobStatus = final ? 'failed' : 'queued';
  const rows = await queryRows<{ id: string }>(
    db,
    final
      ? sql`update processing_jobs set status = ${status}, last_error = ${message}, finished_at = now(), updated_at = now()
            where id = ${jobId} and status = 'running' and attempts = ${attempt} returning id::text as id`
      : sql`update processing_jobs set status = ${status}, last_error = ${message}, run_at = ${(retryAt ?? new Date()).toISOString()}::timestamptz, updated_at = now()
            where id = ${jobId} and status = 'running' and attempts = ${attempt} returning id::text as id`,
  );
  return rows.length > 0;
}

/** A job pg-boss gave up on without its worker saying so (the worker died on the last attempt). */
export async function failLostJob(db: DbOrTx, bossId: string, message: string): Promise<JobRecord | null> {
  const rows = await queryRows<RawJob>(
    db,
    sql`update processing_jobs set status = 'failed', last_error = coalesce(last_error, ${message}), finished_at = now(), updated_at = now()
        where boss_id = ${bossId} and status in ('queued', 'running') ${RETURNING}`,
  );
  return rows[0] ? toJob(rows[0]) : null;
}

/**
 * Ends the queued and running jobs of a video that is gone. pg-boss cancels them: a queued job
 * never starts, a running one loses its claim and its worker aborts it at the next heartbeat.
 */
export async function cancelVideoJobs(db: DbOrTx, videoId: VideoId, reason: string): Promise<void> {
  const rows = await queryRows<{ kind: string; boss_id: string | null }>(
    db,
    sql`update processing_jobs set status = 'failed', last_error = ${reason}, finished_at = now(), updated_at = now()
        where video_id = ${videoId} and status in ('queued', 'running') returning kind, boss_id`,
  );
  await cancelInEngine(db, rows);
}

/** pg-boss addresses jobs by queue: the rows' pg-boss ids grouped by kind. */
function bossIdsByKind(rows: Array<{ kind: string; boss_id: string | null }>): Map<string, string[]> {
  const byKind = new Map<string, string[]>();
  for (const r of rows) if (r.boss_id) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.boss_id]);
  return byKind;
}

async function cancelInEngine(db: DbOrTx, rows: Array<{ kind: string; boss_id: string | null }>): Promise<void> {
  if (rows.length === 0) return;
  const engine = engineOf(db);
  for (const [kind, ids] of bossIdsByKind(rows)) {
    if (engine.hasQueue(kind)) await engine.boss.cancel(kind, ids, { db: engine.connection(db) });
  }
}

/**
 * Takes back a job that has not started (a delayed purge the owner undid): its row and its pg-boss
 * job go. False when it is running or finished already (too late).
 */
export async function withdrawQueuedJob(db: DbOrTx, dedupeKey: string): Promise<boolean> {
  const rows = await queryRows<{ kind: string; boss_id: string | null }>(
    db,
    sql`delete from processing_jobs where dedupe_key = ${dedupeKey} and status = 'queued' returning kind, boss_id`,
  );
  await cancelInEngine(db, rows);
  return rows.length > 0;
}

/** The jobs of a video that stopped for `reason` (a delete), to run again when it is undone. */
export async function jobsStoppedFor(db: DbOrTx, videoId: VideoId, reason: string): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(db, sql`select id from processing_jobs where video_id = ${videoId} and status = 'failed' and last_error = ${reason}`);
  return rows.map((r) => Number(r.id));
}

/**
 * An operator's retry of a job that failed for good: it runs again (a new pg-boss job with a full
 * set of attempts). False when the job is not a failed one.
 */
export async function retryFailedJob(db: DbOrTx, jobId: number): Promise<boolean> {
  const engine = engineOf(db);
  const bossId = randomUUID();
  const rows = await queryRows<{ kind: string; max_attempts: number }>(
    db,
    sql`update processing_jobs set status = 'queued', attempts = 0, progress = null, finished_at = null, run_at = now(),
          boss_id = ${bossId}, updated_at = now()
        where id = ${jobId} and status = 'failed' returning kind, max_attempts`,
  );
  const row = rows[0];
  if (!row) return false;
  await sendToEngine(engine, db, { id: jobId, kind: row.kind, bossId, runAt: new Date(), maxAttempts: Number(row.max_attempts) });
  signalJobsQueued(row.kind);
  return true;
}

/**
 * Jobs whose row says queued or running but that pg-boss does not hold (a database from before
 * pg-boss, or a row whose pg-boss job was deleted): sent to pg-boss again. Returns how many.
 */
export async function adoptOrphanedJobs(db: DbOrTx): Promise<number> {
  const engine = engineOf(db);
  const rows = await queryRows<{ id: string; kind: string; max_attempts: number; boss_id: string | null }>(
    db,
    sql`select j.id::text as id, j.kind, j.max_attempts, j.boss_id::text as boss_id from processing_jobs j
        where j.status in ('queued', 'running')
          and (j.boss_id is null or not exists (
            select 1 from pgboss.job b where b.id = j.boss_id and b.state in ('created', 'retry', 'active')))`,
  );
  for (const r of rows) {
    const bossId = randomUUID();
    await db.update(processingJobs).set({ bossId, status: 'queued', updatedAt: new Date() }).where(eq(processingJobs.id, Number(r.id)));
    await sendToEngine(engine, db, { id: Number(r.id), kind: r.kind, bossId, runAt: new Date(), maxAttempts: Number(r.max_attempts) });
  }
  return rows.length;
}

/**
 * Embedded mode: this process is the only worker, so every job pg-boss still holds as active was
 * claimed by a process that died. They are failed at once (pg-boss retries them after backoff)
 * instead of waiting for their heartbeat to run out.
 */
export async function releaseJobsOfDeadProcess(db: DbOrTx): Promise<number> {
  const engine = engineOf(db);
  const rows = await queryRows<{ kind: string; boss_id: string }>(
    db,
    sql`select j.kind, j.boss_id::text as boss_id from processing_jobs j join pgboss.job b on b.id = j.boss_id
        where b.state = 'active' and j.status in ('queued', 'running')`,
  );
  for (const [kind, ids] of bossIdsByKind(rows)) await engine.boss.fail(kind, ids, { message: 'the server restarted' });
  return rows.length;
}

export interface JobKindCounts {
  kind: string;
  queued: number;
  running: number;
  failed: number;
  done: number;
  /** Of the queued, how many wait for a later time (a retry's backoff, a delayed purge). */
  delayed: number;
  /** When the next delayed one is due. */
  nextDueAt: Date | null;
}

export interface FailedJob {
  id: number;
  kind: string;
  videoId: VideoId | null;
  videoTitle: string | null;
  attempts: number;
  lastError: string | null;
  finishedAt: Date | null;
}

/** The admin jobs view: counts per kind and status, and the latest jobs that failed for good. */
export async function jobsOverview(db: DbOrTx, limit = 50): Promise<{ kinds: JobKindCounts[]; failed: FailedJob[]; deadLetters: number }> {
  const counts = await queryRows<{ kind: string; status: JobStatus; n: string; delayed: string; next_due: string | Date | null }>(
    db,
    sql`select kind, status, count(*)::text as n,
          count(*) filter (where status = 'queued' and run_at > now())::text as delayed,
          min(run_at) filter (where status = 'queued' and run_at > now()) as next_due
        from processing_jobs group by kind, status order by kind`,
  );
  const byKind = new Map<string, JobKindCounts>();
  for (const c of counts) {
    const k = byKind.get(c.kind) ?? { kind: c.kind, queued: 0, running: 0, failed: 0, done: 0, delayed: 0, nextDueAt: null };
    k[c.status] = Number(c.n);
    if (c.status === 'queued') {
      k.delayed = Number(c.delayed);
      k.nextDueAt = c.next_due ? new Date(c.next_due) : null;
    }
    byKind.set(c.kind, k);
  }
  const failed = await db
    .select({
      id: processingJobs.id,
      kind: processingJobs.kind,
      videoId: processingJobs.videoId,
      videoTitle: videos.title,
      attempts: processingJobs.attempts,
      lastError: processingJobs.lastError,
      finishedAt: processingJobs.finishedAt,
    })
    .from(processingJobs)
    .leftJoin(videos, eq(videos.id, processingJobs.videoId))
    .where(eq(processingJobs.status, 'failed'))
    .orderBy(desc(processingJobs.finishedAt), desc(processingJobs.id))
    .limit(limit);
  const dead = await queryRows<{ n: string }>(db, sql`select count(*)::text as n from pgboss.job where name = 'weft-dead-letter'`);
  return { kinds: [...byKind.values()], failed, deadLetters: Number(dead[0]?.n ?? 0) };
}

/** Retention: finished jobs older than `days` are deleted (the running and queued ones stay). */
export async function pruneFinishedJobs(db: DbOrTx, days: number): Promise<number> {
  const cutoff = new Date(Date.now() - days * 86_400_000);
  const rows = await db
    .delete(processingJobs)
    .where(and(inArray(processingJobs.status, ['done', 'failed']), lt(processingJobs.updatedAt, cutoff)))
    .returning({ id: processingJobs.id });
  return rows.length;
}
