/**
 * The reliability campaign: `npm run build && npm run campaign [-- R1 R2 R4]` (default: all that
 * exist), then a table. Every scenario runs the production server and real clients.
 *   R1 — a web node killed (kill -9) mid-upload ×20: the client resumes on the other node; the
 *        stored files are byte-identical to the sources (PostgreSQL, two web nodes, one data folder).
 *   R2 — a worker killed mid-transcode ×10: every video ready, exactly one `video_processed` each.
 *   R4 — a corpus of ≥ 30 bad or odd inputs (bench/campaign/corpus.ts): each plays or fails with a
 *        human reason, as a user should expect; the server stays up throughout.
 *   R3 — PostgreSQL restarted mid-processing (a private cluster made with initdb): every video
 *        ready, none stuck.
 *   R6 — load on loopback: 50 live uploads while 500 HLS viewers fetch segments (bench/campaign/r6.ts):
 *        no request fails, p50/p99 of both, every recording playable afterwards.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import * as tus from 'tus-js-client';
import { authHeaders, call, signUpVia, type Caller } from '../../tests/helpers/client';
import { createTestDatabase, postgresAvailable, tempDir } from '../../tests/helpers/databases';
import { makeVideo } from '../../tests/helpers/media';
import { freePort, spawnServer, startServer, waitUntilUp, type RunningServer } from '../../tests/helpers/server';
import { makeCorpus, type CorpusItem } from './corpus';
import { percentile, r6 } from './r6';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Row {
  scenario: string;
  result: string;
  ok: boolean;
  detail: string;
}
const rows: Row[] = [];

interface VideoState {
  status: string;
  error?: { code: string; message: string } | null;
  problem?: { code: string; message: string };
  processing?: { stage: string | null; progress: number | null };
}

async function videoOf(base: string, owner: Caller, id: string): Promise<VideoState> {
  return (await (await call(base, owner, `/api/v1/videos/${id}`)).json()) as VideoState;
}

async function until<T>(fn: () => Promise<T>, done: (v: T) => boolean, ms: number, every = 250): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined && done(v)) return v;
    if (Date.now() > end) throw new Error('timed out');
    await sleep(every);
  }
}

async function newRecording(base: string, owner: Caller, title: string): Promise<{ sessionId: string; videoId: string }> {
  const res = await call(base, owner, '/api/v1/recordings', { method: 'POST', body: { title } });
  if (!res.ok) throw new Error(`recordings answered ${res.status}`);
  return (await res.json()) as { sessionId: string; videoId: string };
}

/** A message a person can act on: a sentence, not a stack, a code or an empty string. */
function isHuman(message: string | undefined): boolean {
  if (!message) return false;
  return message.length >= 12 && message.length <= 500 && /^[A-Z"“(]/.test(message) && !/\n\s+at |undefined|\[object |ENOENT|errno/i.test(message);
}

// ---------------------------------------------------------------------------------------------
// R4: bad and odd inputs

async function plays(base: string, owner: Caller, videoId: string, dir: string): Promise<string | null> {
  const s = await call(base, owner, `/api/v1/streams/${videoId}`);
  if (!s.ok) return `stream API ${s.status}`;
  const info = (await s.json()) as { master: string; renditions: Array<{ name: string; url: string }> };
  const abs = (u: string, from: string) => new URL(u, from).toString();
  const master = abs(info.master, base);
  if (!(await fetch(master)).ok) return 'master playlist not served';
  const top = info.renditions[0];
  if (!top) return 'no renditions';
  const playlistUrl = abs(top.url, base);
  const playlist = await (await fetch(playlistUrl)).text();
  const seg = playlist.split('\n').find((l) => l && !l.startsWith('#'));
  if (!seg) return 'an empty playlist';
  const bytes = Buffer.from(await (await fetch(abs(seg, playlistUrl))).arrayBuffer());
  const file = path.join(dir, `seg-${videoId}.ts`);
  fs.writeFileSync(file, bytes);
  try {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_type,nb_read_frames', '-of', 'csv=p=0', file]);
    return /video,\d*[1-9]/.test(stdout) ? null : `the first segment has no video frames (${stdout.trim()})`;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function r4(): Promise<void> {
  const dir = tempDir('campaign-r4');
  const items = makeCorpus(path.join(dir, 'corpus'));
  const server = await startServer(path.join(dir, 'data'), { WEFT_TRANSCRIBE: 'off' });
  let passed = 0;
  let downs = 0;
  try {
    const owner = await signUpVia(server.url, 'Campaign');
    for (const item of items) {
      const t0 = Date.now();
      const r = await oneInput(server, owner, item, dir).catch((e: unknown) => ({ got: 'error', reason: (e as Error).message }));
      const healthy = (await fetch(`${server.url}/api/v1/health`).catch(() => null))?.ok === true && server.child.exitCode === null;
      if (!healthy) downs += 1;
      const human = r.got === 'plays' || isHuman(r.reason);
      const ok = healthy && human && (item.expect === 'either' ? r.got === 'plays' || r.got === 'fails' : r.got === item.expect);
      if (ok) passed += 1;
      console.log(`  R4 ${ok ? 'ok ' : 'BAD'} ${item.name.padEnd(48)} ${r.got.padEnd(6)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s  ${r.reason ?? ''}`.slice(0, 220));
    }
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  rows.push({ scenario: `R4 ${items.length} bad or odd inputs`, result: `${passed}/${items.length} as expected`, ok: passed === items.length && downs === 0, detail: `server down after ${downs} of them` });
}

async function oneInput(server: RunningServer, owner: Caller, item: CorpusItem, dir: string): Promise<{ got: string; reason?: string }> {
  const rec = await newRecording(server.url, owner, item.name);
  const uploaded = await new Promise<string | null>((resolve) => {
    new tus.Upload(fs.readFileSync(item.file), {
      endpoint: `${server.url}/api/v1/uploads`,
      headers: authHeaders(owner),
      metadata: { sessionId: rec.sessionId, filename: item.filename, filetype: item.filetype },
      retryDelays: [],
      onSuccess: () => resolve(null),
      onError: (e) => {
        const body = (e as tus.DetailedError).originalResponse?.getBody() ?? '';
        let message = e.message;
        try {
          message = (JSON.parse(body) as { error: { message: string } }).error.message;
        } catch {
          /* not our JSON */
        }
        resolve(message);
      },
    }).start();
  });
  if (uploaded !== null) return { got: 'fails', reason: `(upload refused) ${uploaded}` };
  const v = await until(
    () => videoOf(server.url, owner, rec.videoId),
    // a video that plays but whose processing failed for good stays `playable`, with a problem
    (x) => x.status === 'ready' || x.status === 'failed' || (x.status === 'playable' && x.problem !== undefined),
    15 * 60_000,
    500,
  ).catch(() => null);
  if (!v) {
    const last = await videoOf(server.url, owner, rec.videoId).catch(() => null);
    return { got: 'stuck', reason: `still ${last?.status ?? '?'} (stage ${last?.processing?.stage ?? '-'}) after 15 min` };
  }
  if (v.status === 'failed') return { got: 'fails', reason: v.error?.message };
  const problem = await plays(server.url, owner, rec.videoId, dir);
  if (problem) return { got: 'broken', reason: problem };
  return v.problem ? { got: 'plays', reason: `(one quality only) ${v.problem.message}` } : { got: 'plays' };
}

// ---------------------------------------------------------------------------------------------
// R2: workers killed mid-transcode

function worker(url: string, dir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    env: { ...process.env, DATABASE_URL: url, WEFT_DATA_DIR: dir, WEFT_JOB_POLL_MS: '500', WEFT_JOB_LEASE_SECONDS: '10', WEFT_FFMPEG_PRESET: 'medium', WEFT_LOG_LEVEL: 'error', WEFT_TRANSCRIBE: 'off' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function r2(times = 10): Promise<void> {
  const db = await createTestDatabase('postgres');
  const url = db.url!;
  const dir = tempDir('campaign-r2');
  const server = await startServer(dir, { DATABASE_URL: url, WEFT_WORKERS: 'off', WEFT_TRANSCRIBE: 'off' });
  const sql = postgres(url, { max: 1 });
  let ready = 0;
  let exactlyOnce = 0;
  const workers: ChildProcess[] = [];
  try {
    const owner = await signUpVia(server.url, 'Campaign');
    const file = makeVideo(path.join(dir, 'src.mp4'), { width: 1280, height: 720, seconds: 10 });
    for (let i = 0; i < times; i++) {
      const rec = await newRecording(server.url, owner, `R2 #${i + 1}`);
      await new Promise<void>((resolve, reject) => {
        new tus.Upload(fs.readFileSync(file), { endpoint: `${server.url}/api/v1/uploads`, headers: authHeaders(owner), metadata: { sessionId: rec.sessionId, filename: 'src.mp4', filetype: 'video/mp4' }, onSuccess: () => resolve(), onError: reject }).start();
      });
      const a = worker(url, dir);
      workers.push(a);
      await until(() => videoOf(server.url, owner, rec.videoId), (x) => x.processing?.stage === 'ladder' && (x.processing.progress ?? 0) > 0.05, 120_000, 100);
      a.kill('SIGKILL');
      await new Promise((r) => a.once('exit', r));
      const b = worker(url, dir);
      workers.push(b);
      const v = await until(() => videoOf(server.url, owner, rec.videoId), (x) => x.status === 'ready' || x.status === 'failed', 180_000);
      if (v.status === 'ready') ready += 1;
      const evs = await until(async () => sql`select 1 from events where video_id = ${rec.videoId} and type = 'video_processed'`, (r) => r.length > 0, 60_000).catch(() => []);
      await sleep(1000);
      const again = await sql`select 1 from events where video_id = ${rec.videoId} and type = 'video_processed'`;
      if (evs.length === 1 && again.length === 1) exactlyOnce += 1;
      b.kill('SIGTERM');
      await new Promise((r) => b.once('exit', r));
      console.log(`  R2 #${i + 1}: ${v.status}, video_processed ×${again.length}`);
    }
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await sql.end();
    await server.stop();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  rows.push({ scenario: `R2 a worker killed mid-transcode ×${times}`, result: `${ready}/${times} ready`, ok: ready === times && exactlyOnce === times, detail: `exactly one video_processed: ${exactlyOnce}/${times}` });
}

// ---------------------------------------------------------------------------------------------
// R1: a web node killed mid-upload

async function r1(times = 20): Promise<void> {
  const db = await createTestDatabase('postgres');
  const url = db.url!;
  const dir = tempDir('campaign-r1');
  const env = { DATABASE_URL: url, WEFT_TRANSCRIBE: 'off', WEFT_WORKERS: 'off' };
  const nodeB = await startServer(dir, env);
  let identical = 0;
  let nodeA: RunningServer | null = null;
  try {
    const owner = await signUpVia(nodeB.url, 'Campaign');
    for (let i = 0; i < times; i++) {
      const portA = await freePort();
      nodeA = spawnServer({ dataDir: dir, port: portA, env });
      await waitUntilUp(nodeA);
      const source = crypto.randomBytes(12 * 1024 * 1024 + i * 7919);
      const rec = await newRecording(nodeA.url, owner, `R1 #${i + 1}`);
      const seen: { url: string | null } = { url: null };
      const a = nodeA;
      // node A takes the first chunks, and is killed with -9 part-way
      await new Promise<void>((resolve) => {
        const up = new tus.Upload(source, {
          endpoint: `${a.url}/api/v1/uploads`,
          headers: authHeaders(owner),
          chunkSize: 1024 * 1024,
          retryDelays: [],
          metadata: { sessionId: rec.sessionId, filename: 'r1.bin', filetype: 'video/webm' },
          onAfterResponse: (_req, res) => {
            const location = res.getHeader('Location');
            if (!seen.url && location) seen.url = new URL(location, a.url).pathname;
          },
          onProgress: (sent, total) => {
            if (sent > total * (0.2 + (i % 6) / 10) && a.child.exitCode === null) a.child.kill('SIGKILL');
          },
          onError: () => resolve(),
          onSuccess: () => resolve(),
        });
        up.start();
      });
      await new Promise((r) => (a.child.exitCode === null ? a.child.once('exit', r) : r(null)));
      const uploadUrl = seen.url;
      if (!uploadUrl) throw new Error('no upload URL from node A');
      // the client goes on at node B, from the offset B reports
      await new Promise<void>((resolve, reject) => {
        new tus.Upload(source, {
          uploadUrl: `${nodeB.url}${uploadUrl}`,
          headers: authHeaders(owner),
          chunkSize: 1024 * 1024,
          metadata: { sessionId: rec.sessionId, filename: 'r1.bin', filetype: 'video/webm' },
          onSuccess: () => resolve(),
          onError: reject,
        }).start();
      });
      const id = uploadUrl.split('/').pop()!;
      const stored = fs.readFileSync(path.join(dir, 'media', 'uploads', id));
      const same = stored.equals(source);
      if (same) identical += 1;
      console.log(`  R1 #${i + 1}: ${same ? 'identical' : `DIFFERENT (${stored.length} of ${source.length} bytes)`}`);
      nodeA = null;
    }
  } finally {
    if (nodeA) await nodeA.stop().catch(() => undefined);
    await nodeB.stop();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  rows.push({ scenario: `R1 a web node killed mid-upload ×${times}`, result: `${identical}/${times} byte-identical`, ok: identical === times, detail: 'resumed on the other node (same PostgreSQL, same data folder)' });
}

// ---------------------------------------------------------------------------------------------
// R3: PostgreSQL restarted mid-processing (a private cluster of its own, made with initdb)

const PG_BIN = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d) => fs.existsSync(path.join(d, 'pg_ctl')));

/** Runs a PostgreSQL tool as the `postgres` user when we are root (initdb refuses root). */
function pgTool(tool: string, args: string[]): Promise<{ stdout: string }> {
  const bin = path.join(PG_BIN!, tool);
  return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', bin, ...args]) : run(bin, args);
}

async function privateCluster(): Promise<{ url: string; restart(): Promise<void>; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync('/tmp/weft-campaign-pg-');
  if (process.getuid?.() === 0) await run('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  await pgTool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctl = (...a: string[]) => pgTool('pg_ctl', ['-D', data, '-w', '-l', path.join(dir, 'log'), ...a]);
  await ctl('-o', opts, 'start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: async () => void (await ctl('-o', opts, '-m', 'fast', 'restart')),
    stop: async () => {
      await ctl('-m', 'immediate', 'stop').catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function r3(videos = 6): Promise<void> {
  const pg = await privateCluster();
  const dir = tempDir('campaign-r3');
  const server = await startServer(dir, { DATABASE_URL: pg.url, WEFT_WORKERS: 'off', WEFT_TRANSCRIBE: 'off' });
  const workers = [worker(pg.url, dir), worker(pg.url, dir)];
  let ready = 0;
  let failed = 0;
  let downtime = 0;
  try {
    const owner = await signUpVia(server.url, 'Campaign');
    const file = makeVideo(path.join(dir, 'src.mp4'), { width: 1280, height: 720, seconds: 12 });
    const ids: string[] = [];
    for (let i = 0; i < videos; i++) {
      const rec = await newRecording(server.url, owner, `R3 #${i + 1}`);
      await new Promise<void>((resolve, reject) => {
        new tus.Upload(fs.readFileSync(file), { endpoint: `${server.url}/api/v1/uploads`, headers: authHeaders(owner), metadata: { sessionId: rec.sessionId, filename: 'src.mp4', filetype: 'video/mp4' }, onSuccess: () => resolve(), onError: reject }).start();
      });
      ids.push(rec.videoId);
    }
    // once the first is in its ladder, PostgreSQL goes away and comes back
    await until(() => videoOf(server.url, owner, ids[0]!), (x) => x.processing?.stage === 'ladder', 120_000, 100);
    const t0 = Date.now();
    await pg.restart();
    downtime = Date.now() - t0;
    const states = await until(
      () => Promise.all(ids.map((id) => videoOf(server.url, owner, id))),
      (vs) => vs.every((v) => v.status === 'ready' || v.status === 'failed'),
      10 * 60_000,
      1000,
    ).catch(() => null);
    ready = states?.filter((v) => v.status === 'ready').length ?? 0;
    failed = states?.filter((v) => v.status === 'failed').length ?? 0;
    console.log(`  R3: restart took ${downtime} ms; ${ready} ready, ${failed} failed${states ? '' : ', some stuck after 10 min'}`);
  } finally {
    for (const w of workers) w.kill('SIGKILL');
    await server.stop();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  rows.push({ scenario: `R3 PostgreSQL restarted mid-processing (${videos} videos)`, result: `${ready}/${videos} ready`, ok: ready === videos, detail: `restart ${(downtime / 1000).toFixed(1)} s; ${failed} failed, ${videos - ready - failed} stuck` });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const wanted = new Set(process.argv.slice(2).map((a) => a.toUpperCase()));
  const want = (k: string) => wanted.size === 0 || wanted.has(k);
  const pg = await postgresAvailable();
  if (want('R1')) {
    if (pg) await r1();
    else rows.push({ scenario: 'R1', result: 'skipped', ok: false, detail: 'needs PostgreSQL at the test URL' });
  }
  if (want('R2')) {
    if (pg) await r2();
    else rows.push({ scenario: 'R2', result: 'skipped', ok: false, detail: 'needs PostgreSQL at the test URL' });
  }
  if (want('R3')) {
    if (PG_BIN) await r3();
    else rows.push({ scenario: 'R3', result: 'skipped', ok: false, detail: 'needs the PostgreSQL server programs (initdb, pg_ctl)' });
  }
  if (want('R4')) await r4();
  if (want('R6')) {
    if (!pg) rows.push({ scenario: 'R6', result: 'skipped', ok: false, detail: 'needs PostgreSQL at the test URL' });
    else {
      const r = await r6();
      const errors = r.uploadErrors.length + r.viewerErrors.length;
      for (const e of [...r.uploadErrors, ...r.viewerErrors].slice(0, 10)) console.log(`  R6 error: ${e}`);
      const mb = r.bytes / 1e6;
      console.log(
        `  R6: ${r.uploadRequests} upload requests (PATCH p50 ${percentile(r.patchMs, 50).toFixed(0)} ms, p99 ${percentile(r.patchMs, 99).toFixed(0)} ms); ` +
          `${r.segmentRequests} segment requests (p50 ${percentile(r.segmentMs, 50).toFixed(0)} ms, p99 ${percentile(r.segmentMs, 99).toFixed(0)} ms, ${(mb / r.loadSeconds).toFixed(0)} MB/s) in ${r.loadSeconds.toFixed(1)} s; ` +
          `afterwards ${r.playable}/${r.uploads} playable, ${r.ready} ready in ${r.settleSeconds.toFixed(0)} s`,
      );
      rows.push({
        scenario: `R6 ${r.uploads} live uploads + ${r.viewers} HLS viewers`,
        result: `${errors} errors`,
        ok: errors === 0 && r.playable === r.uploads,
        detail:
          `PATCH p50/p99 ${percentile(r.patchMs, 50).toFixed(0)}/${percentile(r.patchMs, 99).toFixed(0)} ms; ` +
          `segments ${r.segmentRequests} p50/p99 ${percentile(r.segmentMs, 50).toFixed(0)}/${percentile(r.segmentMs, 99).toFixed(0)} ms; ` +
          `${r.playable}/${r.uploads} playable, ${r.ready} ready ${r.settleSeconds.toFixed(0)} s later`,
      });
    }
  }
  console.log('\nReliability campaign');
  const w = Math.max(...rows.map((r) => r.scenario.length));
  for (const r of rows) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.scenario.padEnd(w)}  ${r.result.padEnd(22)}  ${r.detail}`);
  process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
