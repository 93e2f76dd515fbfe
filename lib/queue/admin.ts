import { eq } from 'drizzle-orm';
import type { JobsView } from '../api/contract';
import type { DbOrTx } from '../db/client';
import { processingJobs } from '../db/schema';
import { WeftError } from '../errors';
import type { Principal } from '../auth/service';
import { jobsOverview, retryFailedJob } from './jobs';

/** The job queue is the operator's: administrators only. */
export function assertAdmin(p: Pick<Principal, 'role'>): void {
  if (p.role !== 'admin') throw new WeftError('forbidden', 'Only an administrator may see and retry jobs.');
}

/** The admin jobs view: per kind, how many are queued, running, failed and done; the latest failures. */
export async function jobsView(db: DbOrTx): Promise<JobsView> {
  const o = await jobsOverview(db);
  return {
    kinds: o.kinds.map((k) => ({ ...k, nextDueAt: k.nextDueAt?.toISOString() ?? null })),
    failed: o.failed.map((f) => ({ ...f, finishedAt: f.finishedAt?.toISOString() ?? null })),
    deadLetters: o.deadLetters,
  };
}

/** Retries a job that failed for good; a clear error for an unknown id or a job that has not failed. */
export async function retryJobAsAdmin(db: DbOrTx, rawId: string): Promise<{ id: number; status: 'queued' }> {
  const id = Number(rawId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new WeftError('not_found', 'No such job.');
  const [row] = await db.select({ status: processingJobs.status }).from(processingJobs).where(eq(processingJobs.id, id));
  if (!row) throw new WeftError('not_found', 'No such job.');
  if (row.status !== 'failed') throw new WeftError('invalid_transition', `Only a failed job can be retried; this one is ${row.status}.`);
  if (!(await retryFailedJob(db, id))) throw new WeftError('invalid_transition', 'The job changed meanwhile; reload to see its state.');
  return { id, status: 'queued' };
}
