import type { JobsView } from '../../shared/api/contract';
import type { DbOrTx } from '../db/client';
import { WeftError } from '../errors';
import type { Principal } from '../accounts/service';
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

const STATE_WORDS: Record<string, string> = { created: 'queued', retry: 'queued', active: 'running', completed: 'done', cancelled: 'cancelled' };

/** Retries a job that failed for good; a clear error for an unknown id or a job that has not failed. */
export async function retryJobAsAdmin(db: DbOrTx, id: string): Promise<{ id: string; status: 'queued' }> {
  const r = await retryFailedJob(db, id);
  if (r.ok) return { id, status: 'queued' };
  if (!r.state) throw new WeftError('not_found', 'No such job.');
  if (r.state === 'failed') throw new WeftError('invalid_transition', 'The job changed meanwhile; reload to see its state.');
  throw new WeftError('invalid_transition', `Only a failed job can be retried; this one is ${STATE_WORDS[r.state] ?? r.state}.`);
}
