/**
 * R6 — load on loopback: 50 recordings uploading live (tus, deferred length, a piece every
 * 500 ms, as the recorder sends them) while 500 HLS viewers watch a published video (playlists,
 * then segments paced like a player), all against one production server (PostgreSQL, inline workers).
 * Pass: no request fails, and every recording becomes playable afterwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseMasterPlaylist, parseMediaPlaylist } from '../../lib/process/media/hls';
import { authHeaders, call, signUpVia, type Caller } from '../../tests/helpers/client';
import { createTestDatabase, tempDir } from '../../tests/helpers/databases';
import { createLiveUpload, patchUpload } from '../../tests/helpers/upload';
import { makeVideo } from '../../tests/helpers/media';
import { startServer } from '../../tests/helpers/server';

export interface R6Result {
  uploads: number;
  viewers: number;
  uploadRequests: number;
  uploadErrors: string[];
  patchMs: number[];
  segmentRequests: number;
  viewerErrors: string[];
  segmentMs: number[];
  bytes: number;
  loadSeconds: number;
  playable: number;
  ready: number;
  settleSeconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed<T>(into: number[], fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    into.push(performance.now() - t0);
  }
}

/** One recording uploaded while it runs; returns its video id. */
async function liveUpload(base: string, owner: Caller, bytes: Buffer<ArrayBuffer>, pieces: number, r: R6Result, n: number): Promise<string | null> {
  const fail = (what: string) => {
    r.uploadErrors.push(`#${n} ${what}`);
    return null;
  };
  const rec = await call(base, owner, '/api/v1/recordings', { method: 'POST', body: { title: `R6 #${n}` } });
  r.uploadRequests++;
  if (rec.status !== 201) return fail(`create recording → ${rec.status}`);
  const { sessionId, videoId } = (await rec.json()) as { sessionId: string; videoId: string };
  const start = await call(base, owner, `/api/v1/recordings/${sessionId}/control`, { method: 'POST', body: { action: 'start' } });
  r.uploadRequests++;
  if (!start.ok) return fail(`start → ${start.status}`);
  const create = await createLiveUpload(base, owner, sessionId);
  r.uploadRequests++;
  if (create.status !== 201) return fail(`tus create → ${create.status}`);
  const size = Math.ceil(bytes.length / pieces);
  for (let i = 0; i < pieces; i++) {
    const last = i === pieces - 1;
    const piece = bytes.subarray(i * size, Math.min(bytes.length, (i + 1) * size));
    const res = await timed(r.patchMs, () => patchUpload(create.uploadUrl, owner, piece, i * size, last ? bytes.length : undefined)).catch(
      (e: unknown) => ({ status: 0, statusText: String(e) }) as Response,
    );
    r.uploadRequests++;
    if (res.status !== 204) return fail(`PATCH ${i} → ${res.status} ${res.statusText}`);
    if (!last) await sleep(500);
  }
  const stop = await call(base, owner, `/api/v1/recordings/${sessionId}/control`, { method: 'POST', body: { action: 'stop' } });
  r.uploadRequests++;
  if (!stop.ok) return fail(`stop → ${stop.status}`);
  return videoId;
}

/**
 * One HLS viewer, paced like a player: the stream API, the master, one variant, three segments
 * ahead at once (the start-up buffer), then one segment per segment duration, round and round
 * until `stop`.
 */
async function viewer(base: string, owner: Caller, videoId: string, r: R6Result, stop: { done: boolean }, n: number): Promise<void> {
  const fail = (what: string) => r.viewerErrors.push(`viewer ${n}: ${what}`);
  try {
    // viewers arrive over the first seconds, not all in one millisecond
    await sleep((n % 50) * 40);
    const s = await call(base, owner, `/api/v1/streams/${videoId}`);
    if (!s.ok) return void fail(`stream API → ${s.status}`);
    const master = new URL(((await s.json()) as { master: string }).master, base);
    const variants = parseMasterPlaylist(await (await fetch(master)).text());
    const variant = new URL(variants[n % variants.length]!.uri, master);
    const media = parseMediaPlaylist(await (await fetch(variant)).text());
    let fetched = 0;
    const started = Date.now();
    let played = 0;
    while (!stop.done) {
      for (const seg of media.segments) {
        if (stop.done) return;
        // ahead of playback by at most three segments
        const wait = started + (played - 3 * seg.duration) * 1000 - Date.now();
        if (fetched >= 3 && wait > 0) await sleep(wait);
        const res = await timed(r.segmentMs, () => fetch(new URL(seg.uri, variant)));
        r.segmentRequests++;
        fetched++;
        played += seg.duration;
        if (res.status !== 200) {
          fail(`segment → ${res.status}`);
          await res.body?.cancel();
          continue;
        }
        const got = (await res.arrayBuffer()).byteLength;
        r.bytes += got;
        if (process.env.R6_DEBUG && got < 50_000) console.log(`small segment ${seg.uri.split('?')[0]} ${got} B, ${res.headers.get('content-length')}`);
      }
    }
  } catch (e) {
    fail(String(e));
  }
}

export async function r6(opts: { uploads?: number; viewers?: number } = {}): Promise<R6Result> {
  const uploads = opts.uploads ?? Number(process.env.R6_UPLOADS ?? 50);
  const viewers = opts.viewers ?? Number(process.env.R6_VIEWERS ?? 500);
  const db = await createTestDatabase('postgres');
  const dir = tempDir('campaign-r6');
  const server = await startServer(dir, { DATABASE_URL: db.url!, WEFT_TRANSCRIBE: 'off', WEFT_LOG_LEVEL: 'error', WEFT_FFMPEG_PRESET: 'ultrafast' });
  const r: R6Result = {
    uploads, viewers, uploadRequests: 0, uploadErrors: [], patchMs: [], segmentRequests: 0, viewerErrors: [], segmentMs: [], bytes: 0, loadSeconds: 0, playable: 0, ready: 0, settleSeconds: 0,
  };
  try {
    const owner = await signUpVia(server.url, 'Campaign');
    // the video the viewers watch: 30 s, published (ladder of three rungs)
    const watched = makeVideo(path.join(dir, 'watched.mp4'), { width: 1280, height: 720, seconds: 30 });
    const rec = (await (await call(server.url, owner, '/api/v1/recordings', { method: 'POST', body: { title: 'R6 watched' } })).json()) as { sessionId: string; videoId: string };
    const bytes = fs.readFileSync(watched);
    const up = await fetch(`${server.url}/api/v1/uploads`, {
      method: 'POST',
      headers: { ...authHeaders(owner), 'tus-resumable': '1.0.0', 'upload-length': String(bytes.length), 'content-type': 'application/offset+octet-stream', 'upload-metadata': `sessionId ${Buffer.from(rec.sessionId).toString('base64')}` },
      body: bytes,
    });
    if (up.status !== 201) throw new Error(`could not upload the watched video (${up.status})`);
    for (let i = 0; ; i++) {
      const v = (await (await call(server.url, owner, `/api/v1/videos/${rec.videoId}`)).json()) as { status: string };
      if (v.status === 'ready') break;
      if (v.status === 'failed' || i > 600) throw new Error(`the watched video did not get ready (${v.status})`);
      await sleep(250);
    }
    // what each recording sends: a 12 s recorder-like MP4 in 24 pieces, one every 500 ms
    const recording = fs.readFileSync(makeVideo(path.join(dir, 'rec.mp4'), { width: 1280, height: 720, seconds: 12, recorder: true }));
    const stop = { done: false };
    const t0 = Date.now();
    const watching = Array.from({ length: viewers }, (_, n) => viewer(server.url, owner, rec.videoId, r, stop, n));
    const recorded = await Promise.all(Array.from({ length: uploads }, (_, n) => liveUpload(server.url, owner, recording, 24, r, n + 1)));
    stop.done = true;
    await Promise.all(watching);
    r.loadSeconds = (Date.now() - t0) / 1000;
    // afterwards: every recording becomes playable (the pipeline catches up)
    const ids = recorded.filter((x): x is string => x !== null);
    const t1 = Date.now();
    for (;;) {
      const states = await Promise.all(ids.map(async (id) => ((await (await call(server.url, owner, `/api/v1/videos/${id}`)).json()) as { status: string }).status));
      r.playable = states.filter((s) => s === 'playable' || s === 'ready').length;
      r.ready = states.filter((s) => s === 'ready').length;
      if (r.ready === ids.length || Date.now() - t1 > 600_000 || states.some((s) => s === 'failed')) break;
      await sleep(1000);
    }
    r.settleSeconds = (Date.now() - t1) / 1000;
  } finally {
    await server.stop();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return r;
}
