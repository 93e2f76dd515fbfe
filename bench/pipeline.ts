/**
 * Processing figures (issue: processing at speed), on the production server with its defaults
 * (embedded PGlite, local disk, inline workers):
 *  - Stop → playable and Stop → ready for 60 s 1080p30 recordings streamed in at real time through
 *    tus, like the recorder does: an H.264 fragmented MP4 (Chromium's MediaRecorder) and a VP8 WebM
 *    (Firefox); with --long also 10-minute recordings.
 *  - in the same run, the HLS ladder of each complete source against a baseline of one ffmpeg per
 *    rung (PeerTube's way), as a ratio.
 * Run: npm run build && npm run bench:pipeline [-- --long | --long-only | --ladder-only] [--skip-ladder] [--only=h264]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as tus from 'tus-js-client';
import { planLadder } from '../lib/process/media/ladder';
import { firstEncodedRung, LIVE_TRANSCODE_MAX_RESOLUTION } from '../lib/process/pipeline/renditions';
import { buildHlsArgs, type HlsOutput, type KeyframePolicy } from '../lib/process/media/transcode';
import { authHeaders, signUpVia, type Caller } from '../tests/helpers/client';
import { startServer } from '../tests/helpers/server';

const args = new Set(process.argv.slice(2));
const LONG = args.has('--long');
const SKIP_LADDER = args.has('--skip-ladder') || args.has('--long-only');
/** Only the 10-minute runs (with --long-only), and only some sources (--only=h264). */
const SKIP_SHORT = args.has('--long-only');
/** Only the ladder comparison on the 60 s sources (--ladder-only). */
const LADDER_ONLY = args.has('--ladder-only');
const ONLY = [...args].find((a) => a.startsWith('--only='))?.slice(7).split(',') ?? ['h264', 'vp8'];
const PRESET = 'veryfast';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-pipeline-'));

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

function ffmpeg(argv: string[]): number {
  const t = Date.now();
  execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', ...argv], { stdio: ['ignore', 'ignore', 'inherit'] });
  return Date.now() - t;
}

/** Generated sources are kept here between runs (the 10-minute VP8 one takes minutes to make). */
const SOURCES = path.resolve('.tmp', 'bench-sources');

/** A screen-recording-like source: moving test pattern + tone, as the browsers' MediaRecorder writes it. */
function makeSource(kind: 'h264' | 'vp8', seconds: number): string {
  fs.mkdirSync(SOURCES, { recursive: true });
  const file = path.join(SOURCES, `src-${kind}-${seconds}s.${kind === 'h264' ? 'mp4' : 'webm'}`);
  if (fs.existsSync(file)) {
    log(`source ${path.basename(file)}: ${(fs.statSync(file).size / 1e6).toFixed(1)} MB (kept from an earlier run)`);
    return file;
  }
  const input = ['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000', '-t', String(seconds)];
  const ms =
    kind === 'h264'
      ? ffmpeg([...input, '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-b:v', '5M', '-maxrate', '5M', '-bufsize', '5M',
          '-g', '60', '-keyint_min', '60', '-sc_threshold', '0', '-c:a', 'libopus', '-b:a', '128k',
          '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', `${file}.part`])
      : ffmpeg([...input, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '2500k', '-g', '60', '-c:a', 'libopus', '-b:a', '128k', '-f', 'webm', `${file}.part`]);
  fs.renameSync(`${file}.part`, file);
  log(`source ${path.basename(file)}: ${(fs.statSync(file).size / 1e6).toFixed(1)} MB, made in ${(ms / 1000).toFixed(1)} s`);
  return file;
}

interface Live {
  stopToPlayableMs: number;
  stopToReadyMs: number;
  mode: string;
  renditions: string[];
}

/**
 * Streams `file` into a new recording at real time through tus, then measures from Stop. With
 * `untilPlayable` (the 10-minute runs) it stops at playable and deletes the video, which also stops
 * its ladder, so the next run has the machine to itself.
 */
async function recordLive(base: string, owner: Caller, file: string, seconds: number, label: string, untilPlayable = false): Promise<Live> {
  const rec = (await (
    await fetch(`${base}/api/v1/recordings`, { method: 'POST', headers: authHeaders(owner), body: JSON.stringify({ mode: 'screen' }) })
  ).json()) as { sessionId: string; videoId: string };
  const control = (action: string) =>
    fetch(`${base}/api/v1/recordings/${rec.sessionId}/control`, { method: 'POST', headers: authHeaders(owner), body: JSON.stringify({ action }) });
  await control('start');
  const data = fs.readFileSync(file);
  const stream = new Readable({ read() {} });
  let stopAt = 0;
  const started = Date.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.min(data.length, Math.floor((data.length * (Date.now() - started)) / (seconds * 1000)));
    if (due > sent) {
      stream.push(data.subarray(sent, due));
      sent = due;
    }
    if (sent >= data.length) {
      clearInterval(timer);
      stopAt = Date.now();
      stream.push(null);
      void control('stop');
    }
  }, 100);
  const uploaded = new Promise<void>((resolve, reject) => {
    new tus.Upload(stream, {
      endpoint: `${base}/api/v1/uploads`,
      headers: authHeaders(owner),
      chunkSize: 1024 * 1024,
      uploadLengthDeferred: true,
      retryDelays: [500, 1000, 2000],
      metadata: { sessionId: rec.sessionId, filename: path.basename(file), filetype: file.endsWith('mp4') ? 'video/mp4' : 'video/webm' },
      onSuccess: () => resolve(),
      onError: reject,
    }).start();
  });
  let playableAt = 0;
  let readyAt = 0;
  for (;;) {
    const v = (await (await fetch(`${base}/api/v1/videos/${rec.videoId}`, { headers: authHeaders(owner) })).json()) as { status: string; error?: { message: string } };
    const now = Date.now();
    if (stopAt && !playableAt && (v.status === 'playable' || v.status === 'ready')) {
      playableAt = now;
      log(`${label}: Stop → playable ${playableAt - stopAt} ms`);
      if (untilPlayable) break;
    }
    if (v.status === 'ready') {
      readyAt = now;
      break;
    }
    if (v.status === 'failed') throw new Error(`processing failed: ${v.error?.message}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await uploaded;
  // playable means it plays: the stream, its master and a media playlist answer
  const stream2 = (await (await fetch(`${base}/api/v1/streams/${rec.videoId}`, { headers: authHeaders(owner) })).json()) as {
    master: string;
    renditions: Array<{ name: string; url: string }>;
  };
  const master = await fetch(new URL(stream2.master, base));
  if (!master.ok) throw new Error(`master playlist: HTTP ${master.status}`);
  const mode = new RegExp(`live ingest published","videoId":"${rec.videoId}","mode":"(\\w+)"`).exec(serverOutput())?.[1] ?? 'none';
  if (untilPlayable) {
    await fetch(`${base}/api/v1/videos/${rec.videoId}`, { method: 'DELETE', headers: authHeaders(owner) });
    await new Promise((r) => setTimeout(r, 4000)); // the ladder's job notices at its next heartbeat (every 2 s here)
  }
  return { stopToPlayableMs: playableAt - stopAt, stopToReadyMs: readyAt ? readyAt - stopAt : NaN, mode, renditions: stream2.renditions.map((r) => r.name) };
}

let serverOutput: () => string = () => '';

/**
 * The ladder three ways on a complete file: one ffmpeg per rung, one decode for all, and what Weft
 * still does once the upload is complete — for H.264 the top rung copied and the rest from one
 * decode; for other sources the rungs the live ingest did not already make while recording.
 */
function ladder(file: string, copyTop: boolean) {
  const probe = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'json', file]).toString(),
  ) as { streams: Array<{ width: number; height: number }> };
  const s = probe.streams[0]!;
  const rungs = planLadder({ width: s.width, height: s.height, fps: 30 });
  const run = (label: string, outputs: HlsOutput[], keyframes: KeyframePolicy) => {
    const outDir = path.join(work, `ladder-${label}`);
    fs.rmSync(outDir, { recursive: true, force: true });
    for (const o of outputs) fs.mkdirSync(path.join(outDir, o.rung.name), { recursive: true });
    const argv = buildHlsArgs({ input: file, outDir, outputs, hasAudio: true, preset: PRESET, segmentSeconds: 2, keyframes });
    const t = Date.now();
    execFileSync('ffmpeg', argv.filter((a) => a !== '-progress' && a !== 'pipe:1'), { stdio: ['ignore', 'ignore', 'inherit'] });
    fs.rmSync(outDir, { recursive: true, force: true });
    return Date.now() - t;
  };
  let baseline = 0;
  for (const r of rungs) baseline += run(`one-${r.name}`, [{ rung: r, copy: false }], 'grid');
  const oneDecode = run('split', rungs.map((rung) => ({ rung, copy: false })), 'grid');
  const live = firstEncodedRung({ width: s.width, height: s.height, fps: 30 }, LIVE_TRANSCODE_MAX_RESOLUTION);
  const weft = copyTop
    ? run('weft', rungs.map((rung, i) => ({ rung, copy: i === 0 })), 'source')
    : run('weft', rungs.filter((r) => r.name !== live.name).map((rung) => ({ rung, copy: false })), 'grid');
  return { rungs: rungs.map((r) => r.name), baseline, oneDecode, weft, weftRungs: copyTop ? `${rungs[0]?.name} copied + ${rungs.length - 1} encoded` : `${rungs.length - 1} encoded (${live.name} made live)` };
}

async function main() {
  const seconds = 60;
  const kinds = (['h264', 'vp8'] as const).filter((k) => ONLY.includes(k));
  const sources = SKIP_SHORT ? {} : Object.fromEntries(kinds.map((k) => [k, makeSource(k, seconds)]));
  const long = LONG || SKIP_SHORT ? Object.fromEntries(kinds.map((k) => [k, makeSource(k, 600)])) : null;

  if (LADDER_ONLY) {
    ladderTable(sources);
    fs.rmSync(work, { recursive: true, force: true });
    return;
  }
  const server = await startServer(path.join(work, 'data'), { WEFT_LOG_LEVEL: 'info', WEFT_JOB_LEASE_SECONDS: '10' });
  serverOutput = () => server.output();
  try {
    const owner = await signUpVia(server.url, 'Bench');
    const results: Array<[string, Live]> = [];
    for (const [kind, file] of Object.entries(sources)) {
      const r = await recordLive(server.url, owner, file, seconds, `${kind} 60 s`);
      log(`${kind} 60 s: Stop → playable ${r.stopToPlayableMs} ms, Stop → ready ${r.stopToReadyMs} ms (ingest ${r.mode}; ${r.renditions.join(', ')})`);
      results.push([`${kind}-60s`, r]);
    }
    if (long) {
      for (const [kind, file] of Object.entries(long)) {
        const r = await recordLive(server.url, owner, file, 600, `${kind} 10 min`, true);
        log(`${kind} 10 min: Stop → playable ${r.stopToPlayableMs} ms (ingest ${r.mode}; not waited for ready)`);
        results.push([`${kind}-10min`, r]);
      }
    }
    log('\n| recording | Stop → playable | Stop → ready |\n|---|---|---|');
    for (const [name, r] of results) log(`| ${name} | ${r.stopToPlayableMs} ms | ${Number.isNaN(r.stopToReadyMs) ? '–' : `${(r.stopToReadyMs / 1000).toFixed(1)} s`} |`);
  } finally {
    await server.stop();
  }

  if (!SKIP_LADDER) ladderTable(sources);
  fs.rmSync(work, { recursive: true, force: true });
}

function ladderTable(sources: Record<string, string>) {
  log(`\nladder (${PRESET}, ${os.cpus().length} cores), 60 s 1080p30 sources, complete files:`);
  log('| source | rungs | one ffmpeg per rung | one decode, all encoded | Weft | ratio (baseline / Weft) |\n|---|---|---|---|---|---|');
  for (const [kind, file] of Object.entries(sources)) {
    const l = ladder(file, kind === 'h264');
    log(
      `| ${kind} | ${l.rungs.join(' ')} | ${(l.baseline / 1000).toFixed(1)} s | ${(l.oneDecode / 1000).toFixed(1)} s (${(l.baseline / l.oneDecode).toFixed(2)}×) | ` +
        `${(l.weft / 1000).toFixed(1)} s (${l.weftRungs}) | ${(l.baseline / l.weft).toFixed(2)}× |`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
