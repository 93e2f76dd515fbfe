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
import { FIRST_FRAME } from './viewer';

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
 * The JavaScript a page loaded before its first frame (scripts whose response ended before it): as
 * the server sent it (compressed bytes on the wire, the browser's encodedBodySize) and, for
 * comparison, each file compressed with gzip -9.
 */
async function jsBeforeFirstFrame(browser: Browser, url: string): Promise<{ raw: number; gzip: number; wire: number; files: number; all: number; encodings: string }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const encodings = new Map<string, string>();
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') encodings.set(r.url(), r.headers()['content-encoding'] ?? 'identity');
  });
  await page.addInitScript({ content: FIRST_FRAME });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __firstFrame?: number }).__firstFrame, undefined, { timeout: 30_000, polling: 20 });
  const { before, all } = (await page.evaluate(`(() => {
    const ff = window.__firstFrame;
    const scripts = performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || (e.initiatorType === 'link' && /\\.js(\\?|$)/.test(e.name)));
    const seen = new Map();
    for (const e of scripts) if (e.responseEnd <= ff) seen.set(e.name, Math.max(seen.get(e.name) ?? 0, e.encodedBodySize));
    return { before: [...seen.entries()], all: new Set(scripts.map((e) => e.name)).size };
  })()`)) as { before: Array<[string, number]>; all: number };
  let raw = 0;
  let gzip = 0;
  let wire = 0;
  for (const [src, encoded] of before) {
    const body = Buffer.from(await (await context.request.get(src)).body());
    raw += body.length;
    gzip += zlib.gzipSync(body, { level: 9 }).length;
    wire += encoded;
  }
  await context.close();
  const used = [...new Set(before.map(([src]) => encodings.get(src) ?? '?'))].join(', ');
  return { raw, gzip, wire, files: before.length, all, encodings: used };
}

/** One load of `url` with its timeline: the document, every resource up to the first frame, and the frame (ms from navigation start). */
async function criticalPath(browser: Browser, url: string): Promise<string[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.addInitScript({ content: FIRST_FRAME });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __firstFrame?: number }).__firstFrame, undefined, { timeout: 30_000, polling: 20 });
  // plain text: a function would be serialized with the bundler's helpers in it
  const lines = (await page.evaluate(`(() => {
    const ff = window.__firstFrame;
    const nav = performance.getEntriesByType('navigation')[0];
    const short = (u) => { const x = new URL(u); return (x.pathname + (x.search ? '?…' : '')).slice(0, 70); };
    const out = ['document      ' + nav.requestStart.toFixed(0).padStart(5) + ' → first byte ' + nav.responseStart.toFixed(0) + ' → end ' + nav.responseEnd.toFixed(0) + ', DOMContentLoaded ' + nav.domContentLoadedEventStart.toFixed(0)];
    for (const e of performance.getEntriesByType('resource')) {
      if (e.startTime > ff) continue;
      out.push(e.initiatorType.padEnd(13) + ' ' + e.startTime.toFixed(0).padStart(5) + ' → ' + e.responseEnd.toFixed(0).padStart(5) + '  ' + (e.encodedBodySize / 1024).toFixed(0).padStart(4) + ' KB  ' + short(e.name));
    }
    for (const m of performance.getEntriesByType('mark')) if (m.startTime <= ff) out.push('mark          ' + m.startTime.toFixed(0).padStart(5) + '  ' + m.name);
    out.push('first frame   ' + ff.toFixed(0).padStart(5));
    return out;
  })()`)) as string[];
  await context.close();
  return lines;
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
      for (const name of ['embed', 'watch'] as const) {
        console.log(`\nCritical path of one load of ${name} (ms from navigation start):`);
        for (const line of await criticalPath(browser, pages[name])) console.log(`  ${line}`);
      }
      console.log('\nJavaScript loaded before the first frame (goal ≤ 250 KB compressed):');
      for (const name of ['baseline', 'embed', 'watch'] as const) {
        const js = await jsBeforeFirstFrame(browser, pages[name]);
        console.log(`  ${name.padEnd(8)} ${js.files} of ${js.all} scripts: ${(js.wire / 1024).toFixed(0)} KB as sent (${js.encodings}), ${(js.raw / 1024).toFixed(0)} KB uncompressed, ${(js.gzip / 1024).toFixed(0)} KB with gzip -9`);
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
