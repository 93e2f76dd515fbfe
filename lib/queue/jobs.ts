import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client';
import { processingJobs } from '../db/schema';
import { signalJobsQueued } from './signal';
import type { VideoId } from '../api/enums';

/**
 * A durable job queue on the processing_jobs table, identical on PGlite and PostgreSQL:
 * claims use FOR UPDATE SKIP LOCKED, a claim is a lease kept alive by heartbeats, failures are
 * retried with exponential backoff, and a dedupe key makes every enqueue idempotent.
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
  dedupeKey: string;
  videoId?: VideoId | null;
  runAt?: Date;
  maxAttempts?: number;
}

/** Adds a job; false when a job with the same dedupe key exists already. Call inside the caller's transaction. */
export async function enqueue(db: DbOrTx, job: NewJob): Promise<boolean> {
  const inserted = await db
    .insert(processingJobs)
    .values({
      kind: job.kind,
      payload: job.payload ?? {},
      dedupeKey: job.dedupeKey,
      videoId: job.videoId ?? null,
      runAt: job.runAt ?? new Date(),
      maxAttempts: job.maxAttempts ?? 5,
    })
    .onConflictDoNothing({ target: processingJobs.dedupeKey })
    .returning({ id: processingJobs.id });
  if (inserted.length > 0) signalJobsQueued();
  return inserted.length > 0;
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

/**
 * Takes the next due job of one of `kinds` (or a running job whose lease ran out: its worker died).
 */
export async function claimJob(
  db: DbOrTx,
  workerId: string,
  leaseSeconds: number,
  kinds: readonly string[],
): Promise<JobRecord | null> {
  if (kinds.length === 0) return null;
  const kindList = sql.join(
    kinds.map((k) => sql`${k}`),
    sql`, `,
  );
  const rows = await queryRows<RawJob>(
    db,
    sql`update processing_jobs set
          status = 'running',
          attempts = attempts + 1,
          locked_by = ${workerId},
          locked_until = now() + make_interval(secs => ${leaseSeconds}),
          updated_at = now()
        where id = (
          select id from processing_jobs
          where kind in (${kindList})
            and ((status = 'queued' and run_at <= now())
              or (status = 'running' and locked_until < now() and attempts < max_attempts))
          order by run_at, id
          limit 1
          for update skip locked)
        returning id::text as id, kind, payload, attempts, max_attempts, video_id`,
  );
  return rows[0] ? toJob(rows[0]) : null;
}

/** Extends the lease; false when the job is no longer this worker's. */
export async function heartbeat(db: DbOrTx, jobId: number, workerId: string, leaseSeconds: number): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update processing_jobs set locked_until = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
        where id = ${jobId} and locked_by = ${workerId} and status = 'running'
        returning id::text as id`,
  );
  return rows.length > 0;
}

/**
 * Ends the queued and running jobs of a video that is gone. A running job's worker no longer holds
 * it, so its next heartbeat aborts the work (and no retry follows).
 */
export async function cancelVideoJobs(db: DbOrTx, videoId: VideoId, reason: string): Promise<void> {
  await db.execute(
    sql`update processing_jobs set status = 'failed', last_error = ${reason}, locked_by = null, locked_until = null,
          finished_at = now(), updated_at = now()
        where video_id = ${videoId} and status in ('queued', 'running')`,
  );
}

export async function setJobProgress(db: DbOrTx, jobId: number, progress: number): Promise<void> {
  await db.execute(sql`update processing_jobs set progress = ${progress}, updated_at = now() where id = ${jobId}`);
}

export async function completeJob(db: DbOrTx, jobId: number, workerId: string): Promise<void> {
  await db.execute(
    sql`update processing_jobs set status = 'done', progress = 1, locked_by = null, locked_until = null,
          finished_at = now(), updated_at = now(), last_error = null
        where id = ${jobId} and locked_by = ${workerId}`,
  );
}

/** Exponential backoff with a cap: 2 s, 4 s, 8 s … at most 5 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(2000 * 2 ** Math.max(0, attempt - 1), 5 * 60_000);
}

/**
 * Records a failure. Retries later unless the error is permanent or attempts are used up;
 * returns true when the job has failed for good.
 */
export async function failJob(
  db: DbOrTx,
  job: JobRecord,
  workerId: string,
  message: string,
  permanent: boolean,
): Promise<boolean> {
  const final = permanent || job.attempts >= job.maxAttempts;
  if (final) {
    await db.execute(
      sql`update processing_jobs set status = 'failed', last_error = ${message}, locked_by = null, locked_until = null,
            finished_at = now(), updated_at = now()
          where id = ${job.id} and locked_by = ${workerId}`,
    );
  } else {
    const delayMs = backoffMs(job.attempts);
    await db.execute(
      sql`update processing_jobs set status = 'queued', last_error = ${message}, locked_by = null, locked_until = null,
            run_at = now() + make_interval(secs => ${delayMs / 1000}), updated_at = now()
          where id = ${job.id} and locked_by = ${workerId}`,
    );
  }
  return final;
}

/**
 * Embedded mode: the process that holds the data-folder lock is the only worker, so every job still
 * marked running belongs to a process that died. They go back to the queue at once.
 */
export async function requeueOrphanedJobs(db: DbOrTx): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update processing_jobs set status = 'queued', locked_by = null, locked_until = null, run_at = now(), updated_at = now()
        where status = 'running' returning id::text as id`,
  );
  return rows.length;
}

/** Jobs whose worker stopped responding after their last allowed attempt. */
export async function takeExhaustedStalledJobs(db: DbOrTx, kinds: readonly string[]): Promise<JobRecord[]> {
  if (kinds.length === 0) return [];
  const kindList = sql.join(
    kinds.map((k) => sql`${k}`),
    sql`, `,
  );
  const rows = await queryRows<RawJob>(
    db,
    sql`update processing_jobs set status = 'failed', locked_by = null, locked_until = null, finished_at = now(),
          updated_at = now(), last_error = coalesce(last_error, 'the worker stopped responding')
        where status = 'running' and locked_until < now() and attempts >= max_attempts and kind in (${kindList})
        returning id::text as id, kind, payload, attempts, max_attempts, video_id`,
  );
  return rows.map(toJob);
}
