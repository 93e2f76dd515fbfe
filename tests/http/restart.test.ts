import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/databases';
import { authHeaders, signUpVia } from '../helpers/client';
import { freePort, spawnServer, startServer, waitUntilUp, type RunningServer } from '../helpers/server';
import { pollUntil } from '../helpers/poll';

const dirs: string[] = [];
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = tempDir('restart');
  dirs.push(d);
  return d;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('server lifecycle', () => {
  it('kill -9 mid-upload, restart: tus-js-client resumes and the stored file is byte-identical', async () => {
    const dir = dataDir();
    const port = await freePort();
    let server = spawnServer({ dataDir: dir, port });
    servers.push(server);
    await waitUntilUp(server);
    const owner = await signUpVia(server.url, 'Owner');
    const rec = (await (await fetch(`${server.url}/api/v1/recordings`, { method: 'POST', headers: authHeaders(owner), body: '{}' })).json()) as {
      sessionId: string;
      videoId: string;
    };

    const payload = randomBytes(24 * 1024 * 1024);
    let killedAt = -1;
    let restarted: Promise<void> | undefined;
    let uploadUrl = '';
    await new Promise<void>((resolve, reject) => {
      const upload = new tus.Upload(payload, {
        endpoint: `${server.url}/api/v1/uploads`,
        headers: authHeaders(owner),
        chunkSize: 1024 * 1024,
        retryDelays: [250, 500, 1000, 1000, 2000, 2000, 3000, 3000, 5000, 5000, 5000, 5000],
        metadata: { sessionId: rec.sessionId, filename: 'big.bin', filetype: 'application/octet-stream' },
        onProgress: (sent) => {
          if (killedAt < 0 && sent > 6 * 1024 * 1024) {
            killedAt = sent;
            server.child.kill('SIGKILL'); // no shutdown hooks, no lock release
            restarted = (async () => {
              await server.stop('SIGKILL');
              server = spawnServer({ dataDir: dir, port });
              servers.push(server);
              await waitUntilUp(server);
            })();
          }
        },
        onSuccess: () => {
          uploadUrl = upload.url ?? '';
          resolve();
        },
        onError: reject,
      });
      upload.start();
    });
    await restarted;
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(payload.length);
    const id = uploadUrl.split('/').pop()!;
    const stored = fs.readFileSync(path.join(dir, 'media', 'uploads', id));
    expect(stored.length).toBe(payload.length);
    expect(sha256(stored)).toBe(sha256(payload));

    // random bytes are not a video: the job fails once with a reason and the server keeps serving
    const video = await pollUntil(
      async () => (await (await fetch(`${server.url}/api/v1/videos/${rec.videoId}`, { headers: authHeaders(owner) })).json()) as { status: string; error?: { message: string } },
      (v) => v.status === 'failed' || v.status === 'ready',
      { timeout: 30_000 },
    );
    expect(video.status).toBe('failed');
    expect(video.error?.message).toMatch(/not a video/);
    await server.stop();
  });

  it('a second server on the same data folder stops with a clear message', async () => {
    const dir = dataDir();
    const first = await startServer(dir);
    servers.push(first);
    const second = spawnServer({ dataDir: dir, port: await freePort() });
    servers.push(second);
    const code = await new Promise<number | null>((resolve) => second.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(second.output()).toMatch(/in use by another Weft process \(pid \d+\)/);
    expect((await fetch(`${first.url}/api/v1/health`)).status).toBe(200); // the first one is unharmed

    // kill -9, and the lock file names a live process (here: this test runner): a restart comes up at once
    await first.stop('SIGKILL');
    fs.writeFileSync(path.join(dir, 'db', 'weft.lock'), `${process.pid}\n`);
    const third = await startServer(dir);
    servers.push(third);
    expect((await fetch(`${third.url}/api/v1/health`)).status).toBe(200);
    await third.stop();
  });

  it('a bad configuration value stops start-up with one message naming the variable', async () => {
    const s = spawnServer({ dataDir: dataDir(), port: await freePort(), env: { WEFT_WORKERS: 'sometimes' } });
    servers.push(s);
    const code = await new Promise<number | null>((resolve) => s.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(s.output()).toMatch(/Invalid configuration: WEFT_WORKERS="sometimes"/);
  });
});
