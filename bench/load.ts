/**
 * `npm run build && npm run bench:load`, on PGlite and on PostgreSQL (when one answers at the test
 * URL): the production server under autocannon, 100 connections for BENCH_SECONDS each.
 *   - `GET /api/v1/health` (a database ping: the baseline of this run)
 *   - `GET /api/v1/streams/{id}` of a public video, anonymous viewers (access, renditions,
 *     captions, signed URLs, and the playback's `stream_start` written)
 *   - the same for a signed-in viewer (another account's session cookie: the session is looked up)
 * Goal: the stream API at ≥ 0.8× the health rate and its p99 ≤ 3× its p50, for both viewers.
 * Every request enters through the server entry's front door (lib/server/http/front-door.ts); the stream
 * API is one of its hot routes, the health check goes through Next.js routing, as every other
 * route does.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { call, signUpVia } from '../tests/helpers/client';
import { createTestDatabase, postgresAvailable, tempDir } from '../tests/helpers/databases';
import { startServer } from '../tests/helpers/server';
import { uploadVideoFile } from '../tests/helpers/upload';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);

interface Run {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function hammer(url: string, seconds = SECONDS, headers: Record<string, string> = {}): Promise<Run> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

const line = (label: string, r: Run) =>
  `    ${label.padEnd(22)} ${Math.round(r.rps).toLocaleString('en').padStart(6)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(5)} ms   errors ${r.errors}, non-2xx ${r.non2xx}`;

async function streams(kind: 'pglite' | 'postgres', clip: string): Promise<void> {
  const dir = tempDir(`bench-load-${kind}`);
  const pg = kind === 'postgres' ? await createTestDatabase('postgres') : null;
  const server = await startServer(dir, { WEFT_TRANSCRIBE: 'off', WEFT_ANALYTICS_ROLLUP_SECONDS: '3600', ...(pg?.url ? { DATABASE_URL: pg.url } : {}) });
  try {
    const owner = await signUpVia(server.url, 'Load');
    const { videoId } = await uploadVideoFile(server.url, owner, clip, { title: 'Load', until: 'ready' });
    const patched = await call(server.url, owner, `/api/v1/videos/${videoId}`, { method: 'PATCH', body: { visibility: 'public' } });
    if (!patched.ok) throw new Error(`could not make the video public: ${patched.status}`);
    const viewer = await signUpVia(server.url, 'Viewer');
    const cookie = { cookie: viewer.cookie };
    // warm-up: both routes compiled, caches and connections made
    await hammer(`${server.url}/api/v1/health`, 2);
    await hammer(`${server.url}/api/v1/streams/${videoId}`, 2);
    await hammer(`${server.url}/api/v1/streams/${videoId}`, 2, cookie);
    const health = await hammer(`${server.url}/api/v1/health`);
    const stream = await hammer(`${server.url}/api/v1/streams/${videoId}`);
    const signedIn = await hammer(`${server.url}/api/v1/streams/${videoId}`, SECONDS, cookie);
    console.log(`  ${kind}`);
    console.log(line('GET /api/v1/health', health));
    console.log(line('GET /api/v1/streams/{id}', stream));
    console.log(line('  … signed in', signedIn));
    for (const [label, r] of [
      ['anonymous', stream],
      ['signed in', signedIn],
    ] as const) {
      console.log(`    ${label}: stream/health ${(r.rps / health.rps).toFixed(2)}× (goal ≥ 0.8×); stream p99/p50 ${(r.p99 / Math.max(1, r.p50)).toFixed(1)} (goal ≤ 3)`);
    }
  } finally {
    await server.stop();
    await pg?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dir = tempDir('bench-load-clip');
  const clip = path.join(dir, 'clip.mp4');
  await promisify(execFile)('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15', '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-pix_fmt', 'yuv420p', clip]);
  const kinds: Array<'pglite' | 'postgres'> = ['pglite', ...((await postgresAvailable()) ? (['postgres'] as const) : [])];
  console.log(`Load: ${CONNECTIONS} connections, ${SECONDS} s per route (autocannon)`);
  for (const kind of kinds) await streams(kind, clip);
  fs.rmSync(dir, { recursive: true, force: true });
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
