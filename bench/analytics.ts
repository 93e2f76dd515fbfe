/**
 * `npm run build && npm run bench:analytics`, on PGlite and on PostgreSQL (when one answers at the
 * test URL):
 *  1. playback-event ingest through the HTTP endpoint (the production server, batches of 20,
 *     100 players at once, sent by autocannon) against plain INSERTs of the same rows into the same table in the same
 *     run (one multi-row INSERT per batch, 8 at once) — goal ≥ 0.7× and ≥ 2,000 events/s;
 *  2. insights for one video over 10^6 events (generated in SQL over 30 days, then rolled up):
 *     p50/p95 of `getInsights` — goal p95 ≤ 100 ms; and how long the rollup took.
 */
import { createWorkspaceFor } from '../lib/platform/accounts/service';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { getInsights } from '../lib/watch/analytics/insights';
import { rollupPlaybackEvents } from '../lib/watch/analytics/rollup';
import { queryRows, type Db } from '../lib/platform/db/client';
import { users, videos } from '../lib/platform/db/schema';
import { call, signUpVia } from '../tests/helpers/client';
import { createTestDatabase, postgresAvailable, tempDir } from '../tests/helpers/databases';
import { startServer } from '../tests/helpers/server';
import { uploadVideoFile } from '../tests/helpers/upload';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 4000);
const PER_BATCH = 20;
/** Plain INSERTs: this many at once (a pool's worth). */
const PARALLEL = 8;
/** Players sending batches at once, through the HTTP endpoint (autocannon connections). */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

function events(k: number) {
  return Array.from({ length: PER_BATCH }, (_, i) => {
    const a = (k * PER_BATCH + i) % 50;
    return { type: 'stream_progress', position: a + 1, ranges: [[a, a + 1]], rendition: '720p', bitrate: 2_500_000, stalls: 0, stallMs: 0, rate: 1 };
  });
}

/** Runs fn(k) for k < n, PARALLEL at once; each lane runs its calls in order (`lane` says which). */
async function parallel(n: number, fn: (k: number, lane: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: PARALLEL }, async (_, lane) => {
      for (let k = next++; k < n; k = next++) await fn(k, lane);
    }),
  );
  return performance.now() - t0;
}

async function ingest(kind: 'pglite' | 'postgres', clip: string): Promise<{ http: number; plain: number }> {
  const dir = tempDir(`bench-analytics-${kind}`);
  const pg = kind === 'postgres' ? await createTestDatabase('postgres') : null;
  const server = await startServer(dir, { WEFT_ANALYTICS_BATCHES_PER_MINUTE: '0', WEFT_ANALYTICS_ROLLUP_SECONDS: '3600', WEFT_TRANSCRIBE: 'off', ...(pg?.url ? { DATABASE_URL: pg.url } : {}) });
  try {
    const owner = await signUpVia(server.url, 'Bench');
    const { videoId } = await uploadVideoFile(server.url, owner, clip, { title: 'Analytics bench', until: 'ready' });
    const tokens: string[] = [];
    for (let i = 0; i < CONNECTIONS * 2; i++) {
      const s = (await (await call(server.url, owner, `/api/v1/streams/${videoId}`)).json()) as { playback: { token: string } };
      tokens.push(s.playback.token);
    }
    const seqs = tokens.map(() => 2);
    // the players: CONNECTIONS at once; a player's batches go one after the other (a player is
    // taken from the free ones for a request and given back with its answer), in order of seq
    const free = tokens.map((_, i) => i);
    let n = 0;
    const body = (context: Record<string, unknown>) => {
      if (typeof context.player !== 'number') context.player = free.shift();
      const t = context.player as number;
      return JSON.stringify({ playback: tokens[t], seq: seqs[t]!++, events: events(n++) });
    };
    const refused: string[] = [];
    // autocannon ends a run on its 1 s tick: the time is taken to the last answer instead
    let lastAnswer = 0;
    const hit = (amount: number) =>
      autocannon({
        url: `${server.url}/api/v1/videos/${videoId}/playback-events`,
        connections: CONNECTIONS,
        amount,
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: owner.cookie },
        requests: [
          {
            setupRequest: (req, context) => ({ ...req, body: body(context as Record<string, unknown>) }),
            onResponse: (status, text, context) => {
              lastAnswer = performance.now();
              if (status !== 202) refused.push(`${status} ${text}`);
              free.push((context as { player: number }).player);
            },
          },
        ],
      });
    await hit(200); // warm-up
    const t0 = performance.now();
    const run = await hit(BATCHES);
    const httpMs = lastAnswer - t0;
    if (run.non2xx > 0 || run.errors > 0) throw new Error(`ingest: ${run.non2xx} answers not 2xx, ${run.errors} errors; ${refused.slice(0, 3).join('; ')}`);
    await server.stop();
    // the same rows, plain INSERTs into the same table, straight to the database
    const database = kind === 'postgres' ? await pg!.open() : await (await import('../lib/platform/queue/open')).openDatabaseWithQueue({ kind: 'pglite', dir: path.join(dir, 'db') });
    const db = database.db;
    const [pb] = await queryRows<{ id: string }>(db, sql`select id from playbacks limit 1`);
    const insert = async (k: number) => {
      const rows = events(k);
      await db.execute(sql`insert into playback_events (video_id, playback_id, type, position, ranges, watched_ms, rendition, bitrate, stalls, stall_ms, rate) values ${sql.join(
        rows.map((e) => sql`(${videoId}, ${pb!.id}, ${e.type}, ${e.position}, ${JSON.stringify(e.ranges)}::jsonb, 1000, ${e.rendition}, ${e.bitrate}, 0, 0, 1)`),
        sql`, `,
      )}`);
    };
    await parallel(40, insert);
    const plainMs = await parallel(BATCHES, insert);
    await database.close();
    return { http: (BATCHES * PER_BATCH) / (httpMs / 1000), plain: (BATCHES * PER_BATCH) / (plainMs / 1000) };
  } finally {
    await server.stop().catch(() => undefined);
    await pg?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function insights(kind: 'pglite' | 'postgres'): Promise<{ rollupMs: number; p50: number; p95: number; events: number }> {
  const tdb = await createTestDatabase(kind);
  const database = await tdb.open();
  const db: Db = database.db;
  try {
    const [u] = await db.insert(users).values({ email: `b-${Date.now()}@example.com`, name: 'Bench', passwordHash: 'x' }).returning();
    const workspaceId = await createWorkspaceFor(db, u!.id, 'Bench');
    const [v] = await db.insert(videos).values({ ownerId: u!.id, workspaceId, title: 'A popular video', status: 'ready', durationMs: 300_000 }).returning();
    const videoId = v!.id;
    // 10^6 events: 50,000 playbacks of 20 beats each, over 30 days; a tenth are embeds, a third of viewers come back
    // about 17.9 beats per playback (the ones cut short below): playbacks enough for EVENTS
    const playbacks = Math.ceil(EVENTS / 17.88);
    await db.execute(sql`
      insert into playbacks (id, video_id, viewer_key, surface, referrer_host, last_seq, started_at)
      select md5('pb' || g)::uuid, ${videoId}, 'a:' || (g % ${Math.round(playbacks / 3)}), case when g % 10 = 0 then 'embed' else 'page' end,
             case when g % 10 = 0 then 'blog' || (g % 7) || '.example.com' end, 20, now() - (g % 30) * interval '1 day'
      from generate_series(1, ${playbacks}) g`);
    await db.execute(sql`
      insert into playback_events (at, video_id, playback_id, type, position, ranges, watched_ms, rendition, stalls, stall_ms, rate)
      select now() - (p % 30) * interval '1 day' + b * interval '10 seconds', ${videoId}, md5('pb' || p)::uuid,
             case when b = 0 then 'stream_start' else 'stream_progress' end,
             least(300, b * 10 + 10), jsonb_build_array(jsonb_build_array(b * 10, least(300, b * 10 + 10 - (p % 3)))), 10000 - (p % 3) * 1000,
             case when p % 4 = 0 then '360p' else '720p' end, (p % 50 = 0)::int, case when p % 50 = 0 then 800 else 0 end, 1
      from generate_series(1, ${playbacks}) p cross join generate_series(0, 19) b
      where b * 10 < 280 - (p % 17) * 10`);
    const [n] = await queryRows<{ n: string }>(db, sql`select count(*)::text as n from playback_events`);
    const t0 = performance.now();
    await rollupPlaybackEvents(db, { settleMs: 0 });
    const rollupMs = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) await getInsights(db, videoId, 300_000);
    for (let i = 0; i < 100; i++) {
      const s = performance.now();
      const r = await getInsights(db, videoId, 300_000);
      times.push(performance.now() - s);
      if (i === 0 && r.views === 0) throw new Error('the rollup produced no views');
    }
    return { rollupMs, p50: pct(times, 0.5), p95: pct(times, 0.95), events: Number(n?.n ?? 0) };
  } finally {
    await database.close();
    await tdb.destroy();
  }
}

async function main(): Promise<void> {
  const dir = tempDir('bench-analytics-clip');
  const clip = path.join(dir, 'clip.mp4');
  await promisify(execFile)('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15', '-t', '60', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-pix_fmt', 'yuv420p', clip]);
  const kinds: Array<'pglite' | 'postgres'> = ['pglite', ...((await postgresAvailable()) ? (['postgres'] as const) : [])];
  console.log(`Playback-event ingest: ${BATCHES} batches of ${PER_BATCH}; HTTP from ${CONNECTIONS} players at once (autocannon), plain INSERTs ${PARALLEL} at once`);
  for (const kind of kinds) {
    const r = await ingest(kind, clip);
    console.log(`  ${kind.padEnd(8)} HTTP ${Math.round(r.http).toLocaleString('en')} events/s   plain INSERT ${Math.round(r.plain).toLocaleString('en')} events/s   ratio ${(r.http / r.plain).toFixed(2)}×   (goal ≥ 0.7× and ≥ 2,000/s)`);
  }
  console.log(`Insights over ${EVENTS.toLocaleString('en')} events (one video, 30 days)`);
  for (const kind of kinds) {
    const r = await insights(kind);
    console.log(`  ${kind.padEnd(8)} ${r.events.toLocaleString('en')} events rolled up in ${(r.rollupMs / 1000).toFixed(1)} s; insights p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms   (goal p95 ≤ 100 ms)`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
