/**
 * Media in and out (issue: imports, downloads, cuts), on the production server with its defaults
 * (embedded PGlite, local disk, inline workers), with a 10-minute 1080p30 H.264 file:
 *  - import: POST /api/v1/imports, tus upload, then processing until ready (the baseline for cuts);
 *  - download: first byte and whole MP4 of the first request (remuxed as it streams), against the
 *    video's length and against a plain `ffmpeg -c copy` of the same rung in the same run; then the
 *    kept file;
 *  - cuts: two cuts applied (15 s at 1:00, 0.5 s at 5:00 of 10 minutes): time until the new version is ready,
 *    against the video's length and against the import's processing; the old version is fetched
 *    every 500 ms meanwhile (it must keep playing).
 * Run: npm run build && npm run bench:media [-- --minutes=10]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { authHeaders, signUpVia, type Caller } from '../tests/helpers/client';
import { startServer, type RunningServer } from '../tests/helpers/server';

const minutesArg = process.argv.find((a) => a.startsWith('--minutes='));
const MINUTES = minutesArg ? Number(minutesArg.slice(10)) : 10;
const SECONDS = Math.round(MINUTES * 60);
const SOURCES = path.resolve('.tmp', 'bench-sources');
/** 2.5 % of the length from a tenth in (15 s at 1:00 of 10 minutes), and 0.5 s at the middle. */
const CUTS = [
  { startMs: SECONDS * 100, endMs: SECONDS * 125 },
  { startMs: SECONDS * 500, endMs: SECONDS * 500 + 500 },
];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-media-'));

const log = (line: string) => process.stdout.write(`${line}\n`);
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A camera-like file made elsewhere: 1080p30 H.264 (keyframe every 2 s) + AAC, index at the front. */
function makeSource(): string {
  fs.mkdirSync(SOURCES, { recursive: true });
  const file = path.join(SOURCES, `import-h264-1080p-${SECONDS}s.mp4`);
  if (fs.existsSync(file)) return file;
  const t = Date.now();
  execFileSync('ffmpeg', [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000', '-t', String(SECONDS),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-b:v', '5M', '-maxrate', '5M', '-bufsize', '5M', '-g', '60', '-keyint_min', '60', '-sc_threshold', '0',
    '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', `${file}.part.mp4`,
  ]);
  fs.renameSync(`${file}.part.mp4`, file);
  log(`source: ${(fs.statSync(file).size / 1e6).toFixed(0)} MB made in ${sec(Date.now() - t)}`);
  return file;
}

async function api<T>(server: RunningServer, c: Caller, p: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${server.url}${p}`, { method: init.method ?? 'GET', headers: authHeaders(c), body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Video {
  status: string;
  version: string | null;
  durationMs: number;
  processing: { stage: string | null };
}

async function until(server: RunningServer, c: Caller, id: string, ok: (v: Video) => boolean, ms: number): Promise<Video> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await api<Video>(server, c, `/api/v1/videos/${id}`);
    if (v.status === 'failed') throw new Error(`video ${id} failed`);
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`video ${id}: gave up waiting (${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  const file = makeSource();
  const server = await startServer(path.join(work, 'data'));
  try {
    const owner = await signUpVia(server.url, 'Bench');
    log(`media in/out: ${MINUTES}-minute 1080p30 H.264 + AAC, ${(fs.statSync(file).size / 1e6).toFixed(0)} MB; server on PGlite, disk, inline workers`);

    // --- import
    const t0 = Date.now();
    const created = await api<{ videoId: string; uploadUrl: string; uploadMetadata: Record<string, string> }>(server, owner, '/api/v1/imports', {
      method: 'POST',
      body: { filename: path.basename(file), size: fs.statSync(file).size },
    });
    await new Promise<void>((resolve, reject) => {
      new tus.Upload(fs.createReadStream(file), {
        endpoint: created.uploadUrl,
        uploadSize: fs.statSync(file).size,
        headers: { cookie: owner.cookie! },
        metadata: created.uploadMetadata,
        chunkSize: 64 << 20,
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
    const uploaded = Date.now();
    const id = created.videoId;
    const ready = await until(server, owner, id, (v) => v.status === 'ready' && !v.processing.stage, 60 * 60_000);
    const processMs = Date.now() - uploaded;
    log(`import: upload ${sec(uploaded - t0)}, processing to ready ${sec(processMs)} (${(processMs / 1000 / SECONDS).toFixed(2)}× the length)`);

    // --- download: the first request makes it while it streams
    const dl = async () => {
      const started = Date.now();
      const res = await fetch(`${server.url}/api/v1/videos/${id}/download`, { headers: authHeaders(owner) });
      if (!res.ok || !res.body) throw new Error(`download: ${res.status}`);
      const reader = res.body.getReader();
      let first = 0;
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!first) first = Date.now() - started;
        bytes += value.byteLength;
      }
      return { firstByteMs: first, totalMs: Date.now() - started, bytes };
    };
    const cold = await dl();
    // the baseline: ffmpeg remuxing the same top rung's playlist straight from the disk, in this run
    const versionDir = path.join(server.dataDir, 'media', 'videos', id, ready.version!);
    const top = fs.readdirSync(versionDir).filter((d) => /^\d+p$/.test(d)).sort((a, b) => parseInt(b) - parseInt(a))[0]!;
    const b0 = Date.now();
    execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', path.join(versionDir, top, 'index.m3u8'), '-c', 'copy', '-bsf:a', 'aac_adtstoasc', '-f', 'mp4', path.join(work, 'baseline.mp4')]);
    const baselineMs = Date.now() - b0;
    await new Promise((r) => setTimeout(r, 500)); // the kept copy is put in place after the stream ends
    const warm = await dl();
    const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path.join(versionDir, 'download.mp4')]).toString().trim();
    log(`download (first request, ${top}, ${(cold.bytes / 1e6).toFixed(0)} MB): first byte ${cold.firstByteMs} ms, complete ${sec(cold.totalMs)} = ${(cold.totalMs / 1000 / SECONDS).toFixed(3)}× the length (goal ≤ 0.1×, first byte ≤ 2 s); plain ffmpeg remux of the same rung ${sec(baselineMs)} → ${(cold.totalMs / baselineMs).toFixed(2)}× the baseline`);
    log(`download (kept file): first byte ${warm.firstByteMs} ms, complete ${sec(warm.totalMs)}; the MP4 lasts ${Number(probe).toFixed(1)} s`);

    // --- cuts, while the old version is fetched every 500 ms
    const stream = await api<{ master: string }>(server, owner, `/api/v1/streams/${id}`);
    const masterUrl = new URL(stream.master, server.url).toString();
    const masterText = await (await fetch(masterUrl)).text();
    const rungUrl = new URL(masterText.split('\n').find((l) => l && !l.startsWith('#'))!, masterUrl).toString();
    const rungText = await (await fetch(rungUrl)).text();
    const segUrl = new URL(rungText.split('\n').find((l) => l && !l.startsWith('#'))!, rungUrl).toString();
    let probes = 0;
    let failures = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const r = await fetch(segUrl).catch(() => null);
        probes += 1;
        if (!r?.ok) failures += 1;
        await r?.arrayBuffer().catch(() => undefined);
        await new Promise((res) => setTimeout(res, 500));
      }
    })();
    const c0 = Date.now();
    await api(server, owner, `/api/v1/videos/${id}`, { method: 'PATCH', body: { cuts: CUTS } });
    const cut = await until(server, owner, id, (v) => v.version !== ready.version && v.status === 'ready' && !v.processing.stage, 60 * 60_000);
    const cutMs = Date.now() - c0;
    watching = false;
    await watcher;
    const line = server.output().split('\n').find((l) => l.includes('cut from the playing version'));
    const detail = line ? (JSON.parse(line.slice(line.indexOf('{'))) as { encodedSec: number; renditions: number }) : null;
    log(
      `cuts (${((CUTS[0]!.endMs - CUTS[0]!.startMs + 500) / 1000).toFixed(1)} s in two ranges): new version ready ${sec(cutMs)} = ${(cutMs / 1000 / SECONDS).toFixed(3)}× the length (goal ≤ 0.3×), ${(cutMs / processMs).toFixed(3)}× the import's processing; ` +
        `${detail ? `${detail.encodedSec} s encoded over ${detail.renditions} renditions; ` : ''}new length ${(cut.durationMs / 1000).toFixed(1)} s; ` +
        `the old version answered ${probes - failures}/${probes} fetches meanwhile`,
    );
  } finally {
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
