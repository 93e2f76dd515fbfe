import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import { call, signUpVia } from '../tests/helpers/client';
import { tempDir } from '../tests/helpers/databases';
import { spawnServer, waitUntilUp, type RunningServer } from '../tests/helpers/server';
import { uploadVideoFile } from '../tests/helpers/upload';
import { playAndMeasureStalls, stallsOf } from './helpers';

/**
 * Two reverse proxies stand in for two CDNs in front of a Weft server. The embed plays from the
 * first (the one player, in the embed, then on the watch page); it is killed mid-playback: playback
 * goes on (no stall over 2 s) from the second, and the
 * stream API stops handing the dead one out within one health interval.
 */
interface Proxy {
  url: string;
  requests: number;
  kill(): Promise<void>;
}

async function proxy(target: string): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const p: Proxy = { url: '', requests: 0, kill: async () => undefined };
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/media/')) p.requests += 1;
    // a segment takes a network's time: on loopback a player would hold the whole video before the kill
    const delay = /\.ts(\?|$)/.test(req.url ?? '') ? SEGMENT_LATENCY_MS : 0;
    setTimeout(() => forward(req, res), delay);
  });
  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const up = http.request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  };
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  p.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  p.kill = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  return p;
}

const HEALTH_SECONDS = 2;
/** Per media segment, through either proxy. */
const SEGMENT_LATENCY_MS = 150;

const surfaces = [
  { name: 'the embed', path: (id: string) => `/embed/${id}?autoplay=1&muted=1&playbackRate=2` },
  { name: 'the watch page', path: (id: string) => `/v/${id}` },
];

for (const surface of surfaces) test(`a CDN dies mid-playback: ${surface.name} plays on from the next one, and the stream API stops naming it`, async ({ page }) => {
  test.setTimeout(240_000);
  const dir = tempDir('cdn');
  // the proxies need the server's address, the server needs theirs: reserve the server's port first
  const port = await new Promise<number>((resolve) => {
    const s = http.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const origin = `http://127.0.0.1:${port}`;
  const a = await proxy(origin);
  const b = await proxy(origin);
  let server: RunningServer | null = null;
  try {
    const cdns = [
      { name: 'cdn-a', baseUrl: a.url, weight: 1000, health: `${a.url}/api/v1/health` },
      { name: 'cdn-b', baseUrl: b.url, weight: 1, health: `${b.url}/api/v1/health` },
    ];
    server = spawnServer({ dataDir: dir, port, env: { WEFT_CDNS: JSON.stringify(cdns), WEFT_CDN_HEALTH_SECONDS: String(HEALTH_SECONDS), WEFT_TRANSCRIBE: 'off' } });
    await waitUntilUp(server);
    const owner = await signUpVia(server.url, 'Cdn');
    const file = path.join(dir, 'long.mp4');
    await promisify(execFile)('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine', '-t', '90', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file]);
    const { videoId } = await uploadVideoFile(server.url, owner, file, { title: 'Through a CDN', until: 'ready' });
    await call(server.url, owner, `/api/v1/videos/${videoId}`, { method: 'PATCH', body: { visibility: 'public' } });
    const first = (await (await call(server.url, owner, `/api/v1/streams/${videoId}`)).json()) as { cdn: string; master: string; fallbacks: string[] };
    expect(first.cdn).toBe('cdn-a');
    expect(first.master.startsWith(`${a.url}/media/`)).toBe(true);
    expect(first.fallbacks.map((u) => u.split('/media/')[0])).toEqual([b.url, '']);

    if (process.env.DEBUG_CDN) {
      page.on('console', (m) => console.log('console:', m.text()));
      page.on('requestfailed', (r) => console.log('failed:', r.url().slice(0, 120), r.failure()?.errorText));
      page.on('request', (r) => r.url().includes('/media/') && console.log('req:', r.url().slice(0, 90)));
    }
    await page.goto(`${server.url}${surface.path(videoId)}`);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, null, { timeout: 60_000 });
    await playAndMeasureStalls(page);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 6, null, { timeout: 60_000 });
    expect(a.requests).toBeGreaterThan(0);
    const beforeB = b.requests;
    await a.kill();
    const killedAt = Date.now();
    // the stream API names cdn-b within one health interval (plus the check itself)
    let switchedAfter = Infinity;
    for (;;) {
      const s = (await (await call(server.url, owner, `/api/v1/streams/${videoId}`)).json()) as { cdn: string };
      if (s.cdn === 'cdn-b') {
        switchedAfter = Date.now() - killedAt;
        break;
      }
      if (Date.now() - killedAt > 10_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(switchedAfter).toBeLessThanOrEqual(HEALTH_SECONDS * 1000 + 1000);
    // playback goes on well past what was buffered when the CDN died
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 70, null, { timeout: 90_000 });
    expect(b.requests).toBeGreaterThan(beforeB);
    const { stalls, open } = await stallsOf(page);
    expect(Math.max(0, open, ...stalls)).toBeLessThan(2000);
    console.log(`cdn failover, ${surface.name}: stream API named cdn-b ${switchedAfter} ms after cdn-a died; stalls ${JSON.stringify(stalls.map(Math.round))} ms; ${b.requests - beforeB} media requests through cdn-b`);
  } finally {
    await server?.stop();
    await a.kill().catch(() => undefined);
    await b.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
