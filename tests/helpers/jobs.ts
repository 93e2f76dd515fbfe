import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '@/lib/platform/db/client';
import { jobIdForKey } from '@/lib/platform/queue/jobs';

/** A job as the tests look at it: pg-boss's row, its state in the admin view's words. */
export interface JobRow {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  attempts: number;
  payload: Record<string, unknown>;
  startAfter: Date;
  output: Record<string, unknown> | null;
}

const STATUS: Record<string, JobRow['status']> = { created: 'queued', retry: 'queued', active: 'running', completed: 'done', failed: 'failed', cancelled: 'cancelled' };

async function jobsWhere(db: DbOrTx, where: SQL): Promise<JobRow[]> {
  const rows = await queryRows<{ id: string; name: string; state: string; attempts: number; data: Record<string, unknown> | string | null; start_after: string | Date; output: Record<string, unknown> | string | null }>(
    db,
    sql`select id::text as id, name, state::text as state, least(retry_count, retry_limit) + 1 as attempts, data, start_after, output
        from pgboss.job where name <> 'weft-dead-letter' and ${where} order by created_on, id`,
  );
  const json = <T,>(v: T | string | null): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  return rows.map((r) => ({
    id: r.id,
    kind: r.name,
    status: STATUS[r.state] ?? 'failed',
    attempts: Number(r.attempts),
    payload: json(r.data) ?? {},
    startAfter: new Date(r.start_after),
    output: json(r.output),
  }));
}

/** Every job of a video, oldest first. */
export const jobsOfVideo = (db: DbOrTx, videoId: string) => jobsWhere(db, sql`data->>'videoId' = ${videoId}`);

/** The job of a dedupe key, if any. */
export const jobOfKey = async (db: DbOrTx, kind: string, dedupeKey: string): Promise<JobRow | undefined> =>
  (await jobsWhere(db, sql`name = ${kind} and id = ${jobIdForKey(kind, dedupeKey)}::uuid`))[0];
