import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { processingJobs } from '@/lib/db/schema';
import { PermanentJobError } from '@/lib/errors';
import { cancelVideoJobs, claimJob, completeJob, enqueue, failJob, requeueOrphanedJobs } from '@/lib/queue/jobs';
import { WorkerPool, type JobHandlers } from '@/lib/queue/runner';
import { describeOnBothDatabases } from '../helpers/backends';
import { pollUntil } from '../helpers/poll';
import { asVideoId } from '@/lib/api/enums';

async function jobByKey(db: Parameters<typeof enqueue>[0], key: string) {
  const [row] = await db.select().from(processingJobs).where(eq(processingJobs.dedupeKey, key));
  return row!;
}

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  await pollUntil(check, (ok) => ok, { timeout: ms, interval: 50, what: 'condition not met' });
}

describeOnBothDatabases('the Postgres job queue', (get) => {
  it('enqueues once per dedupe key and hands each job to one claimer', async () => {
    const { db } = get();
    expect(await enqueue(db, { kind: 'q1', dedupeKey: 'q1:a', payload: { n: 1 } })).toBe(true);
    expect(await enqueue(db, { kind: 'q1', dedupeKey: 'q1:a', payload: { n: 2 } })).toBe(false);
    await enqueue(db, { kind: 'q1', dedupeKey: 'q1:b' });
    const [a, b, c] = await Promise.all([claimJob(db, 'w1', 30, ['q1']), claimJob(db, 'w2', 30, ['q1']), claimJob(db, 'w3', 30, ['q1'])]);
    const claimed = [a, b, c].filter((j) => j !== null);
    expect(claimed).toHaveLength(2);
    expect(new Set(claimed.map((j) => j!.id)).size).toBe(2);
    expect(claimed.find((j) => j!.payload.n === 1)).toBeTruthy();
  });

  it('retries a transient failure later with backoff, and fails a permanent one once', async () => {
    const { db } = get();
    await enqueue(db, { kind: 'q2', dedupeKey: 'q2:transient', maxAttempts: 3 });
    const job = (await claimJob(db, 'w', 30, ['q2']))!;
    expect(await failJob(db, job, 'w', 'disk hiccup', false)).toBe(false);
    const row = await jobByKey(db, 'q2:transient');
    expect(row.status).toBe('queued');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toBe('disk hiccup');
    expect(row.runAt.getTime()).toBeGreaterThan(Date.now() + 1000); // not due before the backoff
    expect(await claimJob(db, 'w', 30, ['q2'])).toBeNull();

    await enqueue(db, { kind: 'q3', dedupeKey: 'q3:bad' });
    const bad = (await claimJob(db, 'w', 30, ['q3']))!;
    expect(await failJob(db, bad, 'w', 'not a video', true)).toBe(true);
    expect((await jobByKey(db, 'q3:bad')).status).toBe('failed');
  });

  it("a deleted video's running job is stopped at its next heartbeat, and its queued ones never run", async () => {
    const { db } = get();
    const videoId = asVideoId('6f1f3c52-0000-4000-8000-00000000d31e')!;
    let aborted: string | null = null;
    let queuedRan = false;
    const handlers: JobHandlers = {
      slow: {
        run: ({ signal }) =>
          new Promise<void>((_, reject) => {
            // a transcode that would run for minutes: only the abort ends it
            signal.addEventListener('abort', () => {
              aborted = String(signal.reason);
              reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
            });
          }),
      },
      later: { run: async () => void (queuedRan = true) },
    };
    const pool = new WorkerPool(db, handlers, { concurrency: 1, pollMs: 50, leaseSeconds: 3 });
    await enqueue(db, { kind: 'slow', dedupeKey: 'slow:1', videoId });
    await enqueue(db, { kind: 'later', dedupeKey: 'later:1', videoId });
    pool.start();
    try {
      await until(async () => (await jobByKey(db, 'slow:1')).status === 'running');
      await cancelVideoJobs(db, videoId, 'the video was deleted');
      await until(async () => aborted !== null, 5_000); // a heartbeat every second with a 3 s lease
      expect(aborted).toMatch(/lease lost/);
      await new Promise((r) => setTimeout(r, 300));
      for (const key of ['slow:1', 'later:1']) expect(await jobByKey(db, key)).toMatchObject({ status: 'failed', lastError: 'the video was deleted' });
      expect(queuedRan).toBe(false);
    } finally {
      await pool.stop();
    }
  });

  it('gives a job whose lease ran out to another worker', async () => {
    const { db } = get();
    await enqueue(db, { kind: 'q4', dedupeKey: 'q4:x' });
    const first = (await claimJob(db, 'dead-worker', 30, ['q4']))!;
    expect(await claimJob(db, 'w2', 30, ['q4'])).toBeNull();
    await db.execute(sql`update processing_jobs set locked_until = now() - interval '1 second' where id = ${first.id}`);
    const again = (await claimJob(db, 'w2', 30, ['q4']))!;
    expect(again.id).toBe(first.id);
    expect(again.attempts).toBe(2);
    await completeJob(db, again.id, 'dead-worker'); // the old owner cannot complete it any more
    expect((await jobByKey(db, 'q4:x')).status).toBe('running');
    await completeJob(db, again.id, 'w2');
    expect((await jobByKey(db, 'q4:x')).status).toBe('done');
  });

  it('requeues jobs left running by a dead process', async () => {
    const { db } = get();
    await enqueue(db, { kind: 'q5', dedupeKey: 'q5:x' });
    await claimJob(db, 'gone', 600, ['q5']);
    expect(await requeueOrphanedJobs(db)).toBeGreaterThanOrEqual(1);
    expect((await jobByKey(db, 'q5:x')).status).toBe('queued');
  });

  it('runs handlers in a worker pool: retry then success; permanent failure calls the final hook once', async () => {
    const { db } = get();
    let flakyCalls = 0;
    const finals: string[] = [];
    const handlers: JobHandlers = {
      flaky: {
        async run() {
          flakyCalls++;
          if (flakyCalls === 1) throw new Error('first try fails');
        },
      },
      doomed: {
        async run() {
          throw new PermanentJobError('not_a_video', 'The uploaded file is not a video.');
        },
        async onFinalFailure(job, _db, err) {
          finals.push(`${job.id}:${err.code}`);
        },
      },
    };
    const pool = new WorkerPool(db, handlers, { concurrency: 2, pollMs: 50, leaseSeconds: 30 });
    await enqueue(db, { kind: 'flaky', dedupeKey: 'flaky:1' });
    await enqueue(db, { kind: 'doomed', dedupeKey: 'doomed:1' });
    pool.start();
    try {
      await until(async () => (await jobByKey(db, 'doomed:1')).status === 'failed');
      await until(async () => (await jobByKey(db, 'flaky:1')).status === 'queued' && flakyCalls === 1);
      // make the backoff due now instead of waiting 2 s
      await db.execute(sql`update processing_jobs set run_at = now() where dedupe_key = 'flaky:1'`);
      await until(async () => (await jobByKey(db, 'flaky:1')).status === 'done');
    } finally {
      await pool.stop();
    }
    expect(flakyCalls).toBe(2);
    expect((await jobByKey(db, 'flaky:1')).attempts).toBe(2);
    expect(finals).toHaveLength(1);
    expect((await jobByKey(db, 'doomed:1')).attempts).toBe(1);
  });
});

describeOnBothDatabases('a job survives a restart', (get) => {
  it('is still queued after the database is closed and opened again', async () => {
    const { database, test } = get();
    await enqueue(database.db, { kind: 'survivor', dedupeKey: 'survivor:1', payload: { keep: true } });
    await claimJob(database.db, 'crashing-server', 600, ['survivor']);
    await database.close();
    const reopened = await test.open();
    try {
      expect(await requeueOrphanedJobs(reopened.db)).toBe(1);
      const job = await claimJob(reopened.db, 'new-server', 30, ['survivor']);
      expect(job?.payload).toEqual({ keep: true });
      expect(job?.attempts).toBe(2);
    } finally {
      await reopened.close();
    }
  });
});
