/**
 * `npm run build && npm run bench:player`: cold load → first decoded frame of a ready 60 s video,
 * p50 of 10 loads each, for the embed, the watch page and — in the same run, on the same origin —
 * a bare page that plays the same master playlist with hls.js (the baseline). Also the JavaScript
 * the embed ships, compressed.
 *
 * One origin for all three: a small proxy in front of the Weft server serves the baseline page and
 * passes everything else through. Every load is a new browser context (nothing cached). Each page
 * is made to start playing muted as soon as its <video> exists, and the first frame is the first
 * `requestVideoFrameCallback`, measured from navigation start.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { signUpVia } from '../tests/helpers/client';
import { uploadVideoFile } from '../tests/helpers/upload';
import { startServer } from '../tests/helpers/server';

const LOADS = Number(process.env.BENCH_LOADS ?? 10);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function readyVideo(base: string): Promise<{ videoId: string; cookie: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-player-'));
  const file = path.join(dir, 'talk.mp4');
  // asynchronously: a blocked event loop would miss the server closing kept-alive connections
  await promisify(execFile)('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=330', '-t', '60', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file]);
  const owner = await signUpVia(base, 'Bench');
  const rec = await uploadVideoFile(base, owner, file, { title: 'Player bench' });
  fs.rmSync(dir, { recursive: true, force: true });
  // link visibility: an anonymous browser may watch
  return { videoId: rec.videoId, cookie: owner.cookie };
}

/** The same origin for Weft and the baseline page. */
async function proxy(target: string, baseline: (master: string) => string): Promise<{ url: string; close(): Promise<void> }> {
  const hlsJs = fs.readFileSync(path.resolve('node_modules/hls.js/dist/hls.min.js'));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__bench/hls.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(hlsJs);
    if (url.pathname === '/__bench/baseline') return res.writeHead(200, { 'content-type': 'text/html' }).end(baseline(url.searchParams.get('master') ?? ''));
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const BASELINE = (master: string) => `<!doctype html><html><body style="margin:0;background:#000">
<video id="v" muted playsinline style="width:100vw;height:100vh"></video>
<script src="/__bench/hls.min.js"></script>
<script>
  const v = document.getElementById('v');
  const hls = new Hls();
  hls.loadSource(${JSON.stringify(master)});
  hls.attachMedia(v);
  hls.on(Hls.Events.MANIFEST_PARSED, () => v.play());
</script></body></html>`;

/**
 * Starts any <video> muted as soon as it exists and records the first presented frame. Plain text:
 * a function would be serialized with the bundler's helpers in it.
 */
const FIRST_FRAME = `
  (() => {
    const hook = (v) => {
      if (v.__hooked) return;
      v.__hooked = true;
      v.muted = true;
      const tryPlay = () => { v.play().catch(() => {}); };
      v.addEventListener('loadedmetadata', tryPlay);
      v.addEventListener('canplay', tryPlay);
      tryPlay();
      v.requestVideoFrameCallback(() => { if (window.__firstFrame === undefined) window.__firstFrame = performance.now(); });
    };
    new MutationObserver(() => document.querySelectorAll('video').forEach(hook)).observe(document, { childList: true, subtree: true });
  })();
`;

async function firstFrameMs(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.addInitScript({ content: FIRST_FRAME });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'commit' });
  const t = await page
    .waitForFunction(() => (window as unknown as { __firstFrame?: number }).__firstFrame, undefined, { timeout: 30_000, polling: 20 })
    .catch(async (e: unknown) => {
      const state = await page.evaluate(() => [...document.querySelectorAll('video')].map((v) => ({ src: v.currentSrc, ready: v.readyState, paused: v.paused, t: v.currentTime, err: v.error?.message })));
      throw new Error(`no first frame on ${url}: ${String(e)}; videos ${JSON.stringify(state)}; errors ${errors.join(' | ')}`);
    });
  const ms = (await t.jsonValue()) as number;
  await context.close();
  return ms;
}

/**
 * The JavaScript a page loaded before its first frame (scripts whose response ended before it),
 * each file compressed with gzip -9 — what a server that compresses would send.
 */
async function jsBeforeFirstFrame(browser: Browser, url: string): Promise<{ raw: number; gzip: number; files: number; all: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.addInitScript({ content: FIRST_FRAME });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __firstFrame?: number }).__firstFrame, undefined, { timeout: 30_000, polling: 20 });
  const { before, all } = await page.evaluate(() => {
    const ff = (window as unknown as { __firstFrame: number }).__firstFrame;
    const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.initiatorType === 'script' || (e.initiatorType === 'link' && /\.js(\?|$)/.test(e.name)));
    return { before: [...new Set(scripts.filter((e) => e.responseEnd <= ff).map((e) => e.name))], all: new Set(scripts.map((e) => e.name)).size };
  });
  let raw = 0;
  let gzip = 0;
  for (const src of before) {
    const body = Buffer.from(await (await context.request.get(src)).body());
    raw += body.length;
    gzip += zlib.gzipSync(body, { level: 9 }).length;
  }
  await context.close();
  return { raw, gzip, files: before.length, all };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-player-data-'));
  const server = await startServer(dataDir, { WEFT_TRANSCRIBE: 'off' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    console.log('preparing a ready 60 s 720p video…');
    const { videoId } = await readyVideo(server.url).catch((e: unknown) => {
      console.error(server.output().slice(-3000));
      throw e;
    });
    const stream = (await (await fetch(`${server.url}/api/v1/streams/${videoId}`)).json()) as { master: string };
    const front = await proxy(server.url, BASELINE);
    try {
      const pages = {
        baseline: `${front.url}/__bench/baseline?master=${encodeURIComponent(stream.master)}`,
        embed: `${front.url}/embed/${videoId}`,
        watch: `${front.url}/v/${videoId}`,
      };
      // warm the server (compiled routes, caches) once per page; the browser is cold for every load
      for (const url of Object.values(pages)) await firstFrameMs(browser, url);
      const times: Record<string, number[]> = { baseline: [], embed: [], watch: [] };
      for (let i = 0; i < LOADS; i++) {
        for (const [name, url] of Object.entries(pages)) times[name]!.push(await firstFrameMs(browser, url));
      }
      const base = median(times.baseline!);
      console.log(`\nCold load → first decoded frame, p50 of ${LOADS} loads (same origin, new browser context each):`);
      for (const name of ['baseline', 'embed', 'watch']) {
        const p50 = median(times[name]!);
        const goal = name === 'embed' ? ' (goal ≤ 1.15×)' : name === 'watch' ? ' (goal ≤ 1.5×)' : '';
        console.log(`  ${name.padEnd(8)} p50 ${p50.toFixed(0).padStart(5)} ms  min ${Math.min(...times[name]!).toFixed(0)}  max ${Math.max(...times[name]!).toFixed(0)}  ${(p50 / base).toFixed(2)}× baseline${goal}`);
      }
      console.log('\nJavaScript loaded before the first frame (gzip -9 of each file; goal ≤ 250 KB compressed):');
      for (const name of ['baseline', 'embed', 'watch'] as const) {
        const js = await jsBeforeFirstFrame(browser, pages[name]);
        console.log(`  ${name.padEnd(8)} ${js.files} of ${js.all} scripts, ${(js.raw / 1024).toFixed(0)} KB, ${(js.gzip / 1024).toFixed(0)} KB gzip`);
      }
    } finally {
      await front.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
