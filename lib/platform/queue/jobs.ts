import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client';
import { isUuid } from '../../shared/ids';
import { DEAD_LETTER_QUEUE, engineOf, isTransaction, type JobEngine } from './engine';
import { signalJobsQueued } from './signal';
import type { VideoId } from '../../shared/api/enums';

/**
 * Jobs: pg-boss's job table is their one record. pg-boss claims them, keeps them alive with
 * heartbeats, retries with backoff, copies the ones that failed for good to the dead-letter queue
 * and deletes finished ones after the retention period. A job's `data` is its payload (with the
 * video it works for, `videoId`, so a deleted video's jobs can be found); a job that must happen
 * once per cause (an event's delivery to a consumer, a video's purge) has an id derived from its
 * dedupe key, so sending it twice inserts nothing. What people read — progress, the reason a step
 * failed — lives on the video and the transcript, where it is shown; the admin view reads pg-boss.
 */
export interface JobRecord {
  /** pg-boss's id. */
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  /** This attempt (1 = the first). */
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

/** A pg-boss job's state, as the admin view counts it. */
type BossState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
const LIVE_STATES = ['created', 'retry', 'active'] as const;
const live = sql.raw(`(${LIVE_STATES.map((s) => `'${s}'`).join(', ')})`);

/** Every queue but the dead letters' (those are copies of jobs counted in their own queue). */
const workQueues = () => sql`not in (${DEAD_LETTER_QUEUE})`;

/**
 * The id of the job a dedupe key names: the MD5 of kind and key read as a UUID (the same in SQL:
 * `md5(kind || ':' || key)::uuid`, which the migration from the old job table used).
 */
export function jobIdForKey(kind: string, dedupeKey: string): string {
  const h = createHash('md5').update(`${kind}:${dedupeKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function queueReady(engine: JobEngine, db: DbOrTx, kind: string): Promise<void> {
  if (engine.hasQueue(kind)) return;
  // A kind outside the application's list (tests, plugins): its queue is made on first use.
  if (isTransaction(db) && engine.kind === 'pglite') throw new Error(`Unknown job kind ${kind}: create its queue before enqueueing in a transaction.`);
  await engine.ensureQueue(kind);
}

/** Adds a job; false when the job of the same dedupe key exists already. Call inside the caller's transaction. */
export async function enqueue(db: DbOrTx, job: NewJob): Promise<boolean> {
  const engine = engineOf(db);
  await queueReady(engine, db, job.kind);
  const payload = job.payload ?? {};
  const videoId = job.videoId ?? (typeof payload.videoId === 'string' ? payload.videoId : null);
  const id = await engine.boss.send(job.kind, videoId ? { ...payload, videoId } : payload, {
    id: job.dedupeKey ? jobIdForKey(job.kind, job.dedupeKey) : randomUUID(),
    startAfter: job.runAt ?? new Date(),
    retryLimit: Math.max(0, (job.maxAttempts ?? 5) - 1),
    db: engine.connection(db),
  });
  if (id === null) return false;
  signalJobsQueued(job.kind);
  return true;
}

/** Whether the job of a dedupe key is queued or running (other than `exceptId`, the caller's own). */
export async function jobPending(db: DbOrTx, kind: string, dedupeKey: string, exceptId?: string): Promise<boolean> {
  const id = jobIdForKey(kind, dedupeKey);
  if (id === exceptId) return false;
  const rows = await queryRows<{ n: number }>(db, sql`select 1 as n from pgboss.job where name = ${kind} and id = ${id}::uuid and state in ${live}`);
  return rows.length > 0;
}

/** The live jobs of a video, grouped by kind (pg-boss addresses jobs by queue). */
async function jobsOfVideo(db: DbOrTx, videoId: VideoId, states: readonly BossState[]): Promise<Map<string, string[]>> {
  const rows = await queryRows<{ name: string; id: string }>(
    db,
    sql`select name, id::text as id from pgboss.job
        where data->>'videoId' = ${videoId} and state in ${sql.raw(`(${states.map((s) => `'${s}'`).join(', ')})`)} and name <> ${DEAD_LETTER_QUEUE}`,
  );
  const byKind = new Map<string, string[]>();
  for (const r of rows) byKind.set(r.name, [...(byKind.get(r.name) ?? []), r.id]);
  return byKind;
}

/**
 * Stops the queued and running jobs of a deleted video: pg-boss cancels them — a queued job never
 * starts, a running one loses its claim and its worker aborts it at the next heartbeat. An undo
 * resumes exactly these (`resumeVideoJobs`).
 */
export async function cancelVideoJobs(db: DbOrTx, videoId: VideoId): Promise<number> {
  const engine = engineOf(db);
  let n = 0;
  for (const [kind, ids] of await jobsOfVideo(db, videoId, LIVE_STATES)) {
    await engine.boss.cancel(kind, ids, { db: engine.connection(db) });
    n += ids.length;
  }
  return n;
}

/** The jobs a delete cancelled run again (from the start): the undo of `cancelVideoJobs`. */
export async function resumeVideoJobs(db: DbOrTx, videoId: VideoId): Promise<number> {
  const engine = engineOf(db);
  let n = 0;
  for (const [kind, ids] of await jobsOfVideo(db, videoId, ['cancelled'])) {
    await engine.boss.resume(kind, ids, { db: engine.connection(db) });
    n += ids.length;
    signalJobsQueued(kind);
  }
  return n;
}

/**
 * Takes back the job of a dedupe key while it has not started (a delayed purge the owner undid).
 * False when it is running or finished already (too late), or there is none.
 */
export async function withdrawQueuedJob(db: DbOrTx, kind: string, dedupeKey: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`delete from pgboss.job where name = ${kind} and id = ${jobIdForKey(kind, dedupeKey)}::uuid and state in ('created', 'retry') returning id::text as id`,
  );
  return rows.length > 0;
}

/**
 * An operator's retry of a job that failed for good: it runs again with a full set of attempts.
 * Null when there is no such job; its state when it is not a failed one.
 */
export async function retryFailedJob(db: DbOrTx, id: string): Promise<{ ok: true } | { ok: false; state: BossState | null }> {
  if (!isUuid(id)) return { ok: false, state: null };
  const engine = engineOf(db);
  const rows = await queryRows<{ name: string; state: BossState; retry_count: number; retry_limit: number }>(
    db,
    sql`select name, state, retry_count, retry_limit from pgboss.job where id = ${id}::uuid and name ${workQueues()}`,
  );
  const row = rows[0];
  if (!row) return { ok: false, state: null };
  if (row.state !== 'failed') return { ok: false, state: row.state };
  const attempts = Number(row.retry_limit) + 1; // the job's own number of attempts
  const retried = (await engine.boss.retry(row.name, id, { db: engine.connection(db) })) as { affected?: number };
  if (retried.affected !== 1) return { ok: false, state: 'failed' };
  // pg-boss's retry grants one attempt; an operator's retry grants the job's full set again
  await db.execute(sql`update pgboss.job set retry_limit = retry_count + ${attempts - 1} where name = ${row.name} and id = ${id}::uuid`);
  signalJobsQueued(row.name);
  return { ok: true };
}

/**
 * Embedded mode: this process is the only worker, so every job pg-boss still holds as active was
 * claimed by a process that died. They are failed at once (pg-boss retries them after backoff)
 * instead of waiting for their heartbeat to run out.
 */
export async function releaseJobsOfDeadProcess(db: DbOrTx): Promise<number> {
  const engine = engineOf(db);
  const rows = await queryRows<{ name: string; id: string }>(db, sql`select name, id::text as id from pgboss.job where state = 'active'`);
  const byKind = new Map<string, string[]>();
  for (const r of rows) byKind.set(r.name, [...(byKind.get(r.name) ?? []), r.id]);
  for (const [kind, ids] of byKind) await engine.boss.fail(kind, ids, { message: 'the server restarted' });
  return rows.length;
}


export interface JobKindCounts {
  kind: string;
  queued: number;
  running: number;
  failed: number;
  done: number;
  /** Stopped because their video was deleted (an undo resumes them). */
  cancelled: number;
  /** Of the queued, how many wait for a later time (a retry's backoff, a delayed purge). */
  delayed: number;
  /** When the next delayed one is due. */
  nextDueAt: Date | null;
}

export interface FailedJob {
  id: string;
  kind: string;
  videoId: VideoId | null;
  videoTitle: string | null;
  attempts: number;
  lastError: string | null;
  finishedAt: Date | null;
}

/** The reason of a failed job, from pg-boss's output (the worker's `{code, message}`, or pg-boss's own `{value: {message}}`). */
const REASON = sql.raw(`coalesce(j.output->>'message', j.output->'value'->>'message', j.output->>'value')`);

/** The admin jobs view: counts per kind and state, and the latest jobs that failed for good. */
export async function jobsOverview(db: DbOrTx, limit = 50): Promise<{ kinds: JobKindCounts[]; failed: FailedJob[]; deadLetters: number }> {
  const counts = await queryRows<{ kind: string; state: BossState; n: string; delayed: string; next_due: string | Date | null }>(
    db,
    sql`select j.name as kind, j.state::text as state, count(*)::text as n,
          count(*) filter (where j.start_after > now())::text as delayed,
          min(j.start_after) filter (where j.start_after > now()) as next_due
        from pgboss.job j where j.name ${workQueues()} group by j.name, j.state order by j.name`,
  );
  const byKind = new Map<string, JobKindCounts>();
  for (const c of counts) {
    const k = byKind.get(c.kind) ?? { kind: c.kind, queued: 0, running: 0, failed: 0, done: 0, cancelled: 0, delayed: 0, nextDueAt: null };
    const n = Number(c.n);
    if (c.state === 'created' || c.state === 'retry') {
      k.queued += n;
      k.delayed += Number(c.delayed);
      const due = c.next_due ? new Date(c.next_due) : null;
      if (due && (!k.nextDueAt || due < k.nextDueAt)) k.nextDueAt = due;
    } else if (c.state === 'active') k.running += n;
    else if (c.state === 'completed') k.done += n;
    else if (c.state === 'cancelled') k.cancelled += n;
    else k.failed += n;
    byKind.set(c.kind, k);
  }
  const failed = await queryRows<{ id: string; kind: string; video_id: string | null; title: string | null; attempts: number; reason: string | null; finished: string | Date | null }>(
    db,
    sql`select j.id::text as id, j.name as kind, v.id::text as video_id, v.title, least(j.retry_count, j.retry_limit) + 1 as attempts,
          ${REASON} as reason, j.completed_on as finished
        from pgboss.job j left join videos v on v.id::text = j.data->>'videoId'
        where j.state = 'failed' and j.name ${workQueues()}
        order by j.completed_on desc nulls last, j.created_on desc limit ${limit}`,
  );
  const dead = await queryRows<{ n: string }>(db, sql`select count(*)::text as n from pgboss.job where name = ${DEAD_LETTER_QUEUE}`);
  return {
    kinds: [...byKind.values()],
    failed: failed.map((f) => ({
      id: f.id,
      kind: f.kind,
      videoId: f.video_id as VideoId | null, // read from the database: a video's id
      videoTitle: f.title,
      attempts: Number(f.attempts),
      lastError: f.reason,
      finishedAt: f.finished ? new Date(f.finished) : null,
    })),
    deadLetters: Number(dead[0]?.n ?? 0),
  };
}
