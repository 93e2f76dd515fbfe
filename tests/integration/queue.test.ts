import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Db } from '@/lib/platform/db/client';
import type { DatabaseWithQueue as Database } from '@/lib/platform/queue/open';
import { events } from '@/lib/platform/db/schema';
import { PermanentJobError } from '@/lib/platform/errors';
import { pruneDeliveredEvents } from '@/lib/platform/events/outbox';
import { DEAD_LETTER_QUEUE, HOUSEKEEPING_QUEUE } from '@/lib/platform/queue/engine';
import { cancelVideoJobs, enqueue, jobIdForKey, jobsOverview, releaseJobsOfDeadProcess, resumeVideoJobs, retryFailedJob, withdrawQueuedJob } from '@/lib/platform/queue/jobs';
import { WorkerGroup, type JobHandlers } from '@/lib/platform/queue/runner';
import type { HousekeepingTask } from '@/lib/platform/queue/schedule';
import { asVideoId } from '@/lib/shared/api/enums';
import { BACKENDS, createTestDatabase, postgresAvailable, type TestDatabase } from '../helpers/databases';
import { pollUntil } from '../helpers/poll';
import { jobOfKey } from '../helpers/jobs';

const pgUp = await postgresAvailable();

/** The job of a dedupe key (the keys here start with their kind), with the reason pg-boss keeps for a failure. */
async function jobByKey(db: Db, key: string) {
  const job = await jobOfKey(db, key.split(':')[0]!, key);
  if (!job) throw new Error(`no job ${key}`);
  const o = job.output as { message?: string; value?: { message?: string } } | null;
  return { ...job, lastError: o?.message ?? o?.value?.message ?? null };
}

/** pg-boss's own row of a job. */
async function bossJob(db: Db, key: string) {
  const kind = key.split(':')[0]!;
  const rows = await queryRows<{ state: string; retry_count: number; start_after: Date | string; name: string }>(
    db,
    sql`select state, retry_count, start_after, name from pgboss.job where name = ${kind} and id = ${jobIdForKey(kind, key)}::uuid`,
  );
  return rows[0] ?? null;
}

async function until(check: () => Promise<boolean>, ms = 20_000, what = 'condition not met'): Promise<void> {
  await pollUntil(check, (ok) => ok, { timeout: ms, interval: 100, what });
}

function group(db: Db, handlers: JobHandlers, extra: Partial<ConstructorParameters<typeof WorkerGroup>[2]> = {}): WorkerGroup {
  return new WorkerGroup(db, [{ handlers, concurrency: 2 }], { pollMs: 500, ...extra });
}

async function withGroup<T>(g: WorkerGroup, body: () => Promise<T>): Promise<T> {
  await g.start();
  try {
    return await body();
  } finally {
    await g.stop(2000);
  }
}

for (const kind of BACKENDS) {
  const d = kind === 'postgres' && !pgUp ? describe.skip : describe;
  d(`the job queue on pg-boss [${kind}]`, () => {
    let test: TestDatabase;
    let database: Database;
    let db: Db;
    beforeAll(async () => {
      test = await createTestDatabase(kind);
      // the shortest heartbeat pg-boss allows: a lost or cancelled job is noticed within seconds
      database = await test.open({ queue: { heartbeatSeconds: 10, superviseSeconds: 10 } });
      db = database.db;
    });
    afterAll(async () => {
      await database?.close().catch(() => undefined);
      await test?.destroy();
    });

    it('enqueues once per dedupe key, in the caller’s transaction, and as often as asked without one', async () => {
      expect(await enqueue(db, { kind: 'q1', dedupeKey: 'q1:a', payload: { n: 1 } })).toBe(true);
      expect(await enqueue(db, { kind: 'q1', dedupeKey: 'q1:a', payload: { n: 2 } })).toBe(false);
      expect((await bossJob(db, 'q1:a'))?.state).toBe('created');
      expect(await enqueue(db, { kind: 'q1' })).toBe(true);
      expect(await enqueue(db, { kind: 'q1' })).toBe(true);
      // a rolled-back transaction leaves no job
      await db
        .transaction(async (tx) => {
          await enqueue(tx, { kind: 'q1', dedupeKey: 'q1:rolled-back' });
          throw new Error('rollback');
        })
        .catch(() => undefined);
      expect(await jobOfKey(db, 'q1', 'q1:rolled-back')).toBeUndefined();
      const counted = await queryRows<{ n: string }>(db, sql`select count(*)::text as n from pgboss.job where name = 'q1'`);
      expect(Number(counted[0]?.n)).toBe(3);
    });

    it('retries a transient failure after a backoff, then succeeds', async () => {
      let calls = 0;
      const g = group(db, {
        flaky: {
          async run() {
            calls++;
            if (calls === 1) throw new Error('disk hiccup');
          },
        },
      });
      await enqueue(db, { kind: 'flaky', dedupeKey: 'flaky:1', maxAttempts: 3 });
      await withGroup(g, async () => {
        await until(async () => calls === 1 && (await jobByKey(db, 'flaky:1')).status === 'queued');
        const row = await jobByKey(db, 'flaky:1');
        expect(row).toMatchObject({ attempts: 1, lastError: 'disk hiccup' });
        const b = await bossJob(db, 'flaky:1');
        expect(b?.state).toBe('retry');
        const waitMs = new Date(b!.start_after).getTime() - Date.now();
        expect(waitMs).toBeGreaterThan(500); // the backoff (2–4 s): not due at once
        expect(waitMs).toBeLessThan(6000);
        await until(async () => (await jobByKey(db, 'flaky:1')).status === 'done');
      });
      expect(calls).toBe(2);
      expect((await jobByKey(db, 'flaky:1')).attempts).toBe(2);
      expect((await bossJob(db, 'flaky:1'))?.state).toBe('completed');
    });

    it('fails a permanent error once: no retry, the final hook once, a copy in the dead-letter queue', async () => {
      const finals: string[] = [];
      let calls = 0;
      const g = group(db, {
        doomed: {
          async run() {
            calls++;
            throw new PermanentJobError('not_a_video', 'The uploaded file is not a video.');
          },
          async onFinalFailure(job, _db, err) {
            finals.push(`${job.id}:${err.code}`);
          },
        },
      });
      await enqueue(db, { kind: 'doomed', dedupeKey: 'doomed:1' });
      await withGroup(g, async () => {
        await until(async () => (await jobByKey(db, 'doomed:1')).status === 'failed');
        await until(async () => (await engineJobs(database, DEAD_LETTER_QUEUE)).some((j) => j.sourceName === 'doomed'));
        await new Promise((r) => setTimeout(r, 1500)); // the dead-letter worker must not run the hook again
      });
      expect(calls).toBe(1);
      expect(finals).toHaveLength(1);
      expect(await jobByKey(db, 'doomed:1')).toMatchObject({ attempts: 1, lastError: 'The uploaded file is not a video.' });
    });

    it('gives up after the last attempt, with the final hook once', async () => {
      const finals: string[] = [];
      const g = group(db, {
        hopeless: {
          async run() {
            throw new Error('the source is unreachable');
          },
          async onFinalFailure(_job, _db, err) {
            finals.push(err.message);
          },
        },
      });
      await enqueue(db, { kind: 'hopeless', dedupeKey: 'hopeless:1', maxAttempts: 2 });
      await withGroup(g, async () => {
        await until(async () => (await jobByKey(db, 'hopeless:1')).status === 'failed');
        await until(async () => (await engineJobs(database, DEAD_LETTER_QUEUE)).some((j) => j.sourceName === 'hopeless'));
      });
      expect(await jobByKey(db, 'hopeless:1')).toMatchObject({ attempts: 2, lastError: 'the source is unreachable' });
      expect(finals).toEqual(['the source is unreachable']);
    });

    it("a deleted video's running job is aborted at its next heartbeat, and its queued ones never run", async () => {
      const videoId = asVideoId('6f1f3c52-0000-4000-8000-00000000d31e')!;
      let aborted: string | null = null;
      let queuedRan = false;
      const g = group(db, {
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
      });
      await enqueue(db, { kind: 'slow', dedupeKey: 'slow:1', videoId });
      await enqueue(db, { kind: 'later', dedupeKey: 'later:1', videoId, runAt: new Date(Date.now() + 3000) });
      await withGroup(g, async () => {
        await until(async () => (await jobByKey(db, 'slow:1')).status === 'running');
        const t0 = Date.now();
        expect(await cancelVideoJobs(db, videoId)).toBe(2);
        await until(async () => aborted !== null, 10_000, 'the running job was not aborted');
        expect(Date.now() - t0).toBeLessThan(8000); // a heartbeat every 3 s
        expect(aborted).toMatch(/claim lost/);
        await new Promise((r) => setTimeout(r, 3500)); // past the queued job's start time
      });
      for (const key of ['slow:1', 'later:1']) expect(await jobByKey(db, key)).toMatchObject({ status: 'cancelled' });
      expect(queuedRan).toBe(false);
      expect((await jobsOverview(db)).kinds.find((k) => k.kind === 'later')).toMatchObject({ cancelled: 1, queued: 0, failed: 0 });
    });

    it('an undone delete: the queued purge is withdrawn and the cancelled jobs run again', async () => {
      const videoId = asVideoId('6f1f3c52-0000-4000-8000-00000000a4d0')!;
      let ran = 0;
      await enqueue(db, { kind: 'redo', dedupeKey: 'redo:1', videoId });
      await cancelVideoJobs(db, videoId);
      await enqueue(db, { kind: 'wipe', dedupeKey: 'wipe:1', videoId, runAt: new Date(Date.now() + 60_000) });
      expect(await withdrawQueuedJob(db, 'wipe', 'wipe:1')).toBe(true);
      expect(await withdrawQueuedJob(db, 'wipe', 'wipe:1')).toBe(false); // gone: too late, or never there
      expect(await jobOfKey(db, 'wipe', 'wipe:1')).toBeUndefined();
      expect(await resumeVideoJobs(db, videoId)).toBe(1);
      await withGroup(group(db, { redo: { run: async () => void ran++ } }), async () => {
        await until(async () => (await jobByKey(db, 'redo:1')).status === 'done');
      });
      expect(ran).toBe(1);
    });

    it('a worker that stops heartbeating loses the job: on its last attempt the video learns why', async () => {
      const finals: string[] = [];
      await enqueue(db, { kind: 'orphan', dedupeKey: 'orphan:1', maxAttempts: 1 });
      // a worker claims it, then dies without a word
      const claimed = await database.engine.boss.fetch('orphan');
      expect(claimed).toHaveLength(1);
      const g = group(db, {
        orphan: {
          run: async () => undefined,
          async onFinalFailure(_job, _db, err) {
            finals.push(err.code);
          },
        },
      });
      await withGroup(g, async () => {
        await until(async () => (await jobByKey(db, 'orphan:1')).status === 'failed', 45_000, 'the lost job was not failed');
        await until(async () => finals.length > 0, 10_000, 'the final hook did not run');
      });
      expect((await jobByKey(db, 'orphan:1')).lastError).toMatch(/heartbeat/);
      expect(finals).toEqual(['worker_lost']);
    }, 60_000);

    it('an operator retries a job that failed for good; the overview counts per kind', async () => {
      let calls = 0;
      const g = group(db, {
        second: {
          async run() {
            calls++;
            if (calls === 1) throw new PermanentJobError('bad_input', 'Not yet.');
          },
        },
      });
      await enqueue(db, { kind: 'second', dedupeKey: 'second:1' });
      await withGroup(g, async () => {
        await until(async () => (await jobByKey(db, 'second:1')).status === 'failed');
        const before = await jobsOverview(db);
        expect(before.kinds.find((k) => k.kind === 'second')).toMatchObject({ failed: 1, queued: 0, running: 0 });
        expect(before.failed.map((f) => f.id)).toContain((await jobByKey(db, 'second:1')).id);
        expect(await retryFailedJob(db, (await jobByKey(db, 'q1:a')).id)).toEqual({ ok: false, state: 'created' }); // not a failed job
        expect(await retryFailedJob(db, '6f1f3c52-0000-4000-8000-000000000000')).toEqual({ ok: false, state: null });
        expect(await retryFailedJob(db, (await jobByKey(db, 'second:1')).id)).toEqual({ ok: true });
        await until(async () => (await jobByKey(db, 'second:1')).status === 'done');
      });
      expect(calls).toBe(2);
      expect((await jobsOverview(db)).kinds.find((k) => k.kind === 'second')).toMatchObject({ failed: 0, done: 1 });
    });

    it('runs the housekeeping on its schedule: one run per interval however many workers', async () => {
      const runs: Array<{ task: HousekeepingTask; at: number }> = [];
      const hk = { rollupSeconds: 1, run: async (task: HousekeepingTask) => void runs.push({ task, at: Date.now() }) };
      const a = group(db, {}, { housekeeping: hk });
      const b = group(db, {}, { housekeeping: hk });
      await a.start();
      await b.start();
      const t0 = Date.now();
      try {
        await until(async () => runs.filter((r) => r.task === 'rollup').length >= 4, 20_000, 'the rollup did not repeat');
      } finally {
        await a.stop(1000);
        await b.stop(1000);
      }
      const seconds = (Date.now() - t0) / 1000;
      expect(runs.filter((r) => r.task === 'maintenance')).toHaveLength(1);
      expect(runs.filter((r) => r.task === 'rollup').length).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
      const schedules = await database.engine.boss.getSchedules(HOUSEKEEPING_QUEUE);
      expect(schedules.map((s) => s.key).sort()).toEqual(['maintenance', 'rollup']);
    }, 40_000);

    it('keeps finished jobs for the retention period and prunes delivered events, never those still being worked on', async () => {
      // pg-boss deletes finished jobs itself: the queues carry the configured retention
      expect((await database.engine.boss.getQueue('q1'))?.deleteAfterSeconds).toBe(14 * 86_400);
      const old = new Date(Date.now() - 30 * 86_400_000);
      const [ev] = await db.insert(events).values({ type: 'video_processed', dedupeKey: 'retention:event', createdAt: old }).returning();
      const [pending] = await db.insert(events).values({ type: 'video_processed', dedupeKey: 'retention:pending', createdAt: old }).returning();
      await enqueue(db, { kind: 'q1', dedupeKey: 'retention:consumer', payload: { eventId: pending!.id } });
      await pruneDeliveredEvents(db, 14);
      expect(await db.select().from(events).where(eq(events.id, ev!.id))).toHaveLength(0);
      expect(await db.select().from(events).where(eq(events.id, pending!.id))).toHaveLength(1);
    });

    it('migrates the rows of the old job table into pg-boss (payload, video, dedupe key), then drops it', async () => {
      // the table as the previous release had it, with one job pg-boss holds and one it lost
      await db.execute(sql`create table processing_jobs (id bigserial primary key, kind text not null, payload jsonb not null default '{}', status text not null default 'queued',
        dedupe_key text unique, boss_id uuid, video_id uuid, attempts int not null default 0, max_attempts int not null default 5, run_at timestamptz not null default now())`);
      const video = '6f1f3c52-0000-4000-8000-0000000001d5';
      await database.engine.ensureQueue('legacy');
      const held = await database.engine.boss.send('legacy', { jobId: 1 });
      await db.execute(sql`insert into processing_jobs (kind, payload, dedupe_key, boss_id, video_id) values
        ('legacy', '{"from": "old queue"}', 'legacy:held', ${held}::uuid, ${video}::uuid),
        ('legacy', '{"from": "before pg-boss"}', 'legacy:lost', null, null)`);
      const migration = fs.readFileSync(path.join(process.cwd(), 'drizzle', '0018_job_record.sql'), 'utf8');
      for (const statement of migration.split('--> statement-breakpoint')) await db.execute(sql.raw(statement));
      expect(await queryRows(db, sql`select to_regclass('public.processing_jobs') as t`)).toEqual([{ t: null }]);
      expect(await jobByKey(db, 'legacy:held')).toMatchObject({ status: 'queued', payload: { from: 'old queue', videoId: video } });
      expect(await jobByKey(db, 'legacy:lost')).toMatchObject({ status: 'queued', payload: { from: 'before pg-boss' } });
      // the dedupe keys hold: the same key again adds nothing
      expect(await enqueue(db, { kind: 'legacy', dedupeKey: 'legacy:held' })).toBe(false);
      const seen: unknown[] = [];
      await withGroup(group(db, { legacy: { run: async ({ job }) => void seen.push(job.payload.from) } }), async () => {
        await until(async () => (await jobByKey(db, 'legacy:held')).status === 'done' && (await jobByKey(db, 'legacy:lost')).status === 'done');
      });
      expect(seen.sort()).toEqual(['before pg-boss', 'old queue']);
    });
  });

  d(`a job survives a restart [${kind}]`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase(kind);
    });
    afterAll(async () => {
      await test?.destroy();
    });

    it('a job claimed by a server that crashed runs again as soon as the server is back', async () => {
      const first = await test.open();
      await enqueue(first.db, { kind: 'survivor', dedupeKey: 'survivor:1', payload: { keep: true } });
      expect(await first.engine.boss.fetch('survivor')).toHaveLength(1); // claimed, then the process dies
      await first.close();
      const reopened = await test.open();
      let payload: unknown = null;
      try {
        expect(await releaseJobsOfDeadProcess(reopened.db)).toBe(1);
        const t0 = Date.now();
        await withGroup(group(reopened.db, { survivor: { run: async ({ job }) => void (payload = job.payload) } }), async () => {
          await until(async () => (await jobByKey(reopened.db, 'survivor:1')).status === 'done');
        });
        expect(Date.now() - t0).toBeLessThan(15_000); // not after a heartbeat timeout (60 s) and the supervisor's round
        expect(payload).toEqual({ keep: true });
        expect((await jobByKey(reopened.db, 'survivor:1')).attempts).toBe(2);
      } finally {
        await reopened.close();
      }
    });
  });
}

/** Every job of a pg-boss queue, any state. */
async function engineJobs(database: Database, name: string) {
  return database.engine.boss.findJobs<Record<string, unknown>>(name, { limit: 100 });
}
