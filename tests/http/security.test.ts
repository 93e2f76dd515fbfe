import fs from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/databases';
import { makeVideo } from '../helpers/media';
import { startServer, type RunningServer } from '../helpers/server';
import { authHeaders, signUpVia, type Caller } from '../helpers/client';
import { pollUntil } from '../helpers/poll';

/**
 * Security classes against the production build: the sign-up throttle (per address, from the
 * database, not fooled by X-Forwarded-For), webhook URLs refused at creation, and stored error text
 * kept from viewers who do not manage the video.
 */
let server: RunningServer;
let dataDir: string;
let work: string;
let owner: Caller;

beforeAll(async () => {
  dataDir = tempDir('security');
  work = tempDir('security-src');
  server = await startServer(dataDir, {
    WEFT_SIGNUPS_PER_ADDRESS: '3',
    // no model: every transcription fails with an internal reason naming the model
    WEFT_WHISPER_MODEL: path.join(work, 'no-such-model'),
    WEFT_MODELS_DOWNLOAD: 'off',
  });
  owner = await signUpVia(server.url, 'Owner'); // the first of the address's 3
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

const api = (p: string, init: RequestInit & { as?: Caller } = {}) =>
  fetch(`${server.url}${p}`, { ...init, headers: { ...(init.as ? authHeaders(init.as) : {}), ...(init.headers as Record<string, string>) } });

describe('sign-up throttle', () => {
  it('12 parallel sign-ups from one address create exactly the allowed number; the rest get 429 with Retry-After', async () => {
    const attempts = Array.from({ length: 12 }, (_, i) =>
      fetch(`${server.url}/api/v1/auth/signup`, {
        method: 'POST',
        // a client-written X-Forwarded-For does not make it another address (no trusted proxy)
        headers: { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `198.51.100.${i}`, 'x-weft-peer-address': `192.0.2.${i}` },
        body: JSON.stringify({ email: `burst${i}@example.com`, password: 'long enough pw', name: `Burst ${i}` }),
      }),
    );
    const results = await Promise.all(attempts);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    for (const r of results.filter((x) => x.status === 429)) {
      const retry = Number(r.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(3600);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('too_many_signups');
      expect(body.error.message).toMatch(/Try again in \d+ minutes/);
    }
    // log-in is not affected
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ email: 'burst0@example.com', password: 'long enough pw' }),
    });
    expect([200, 401]).toContain(login.status); // 200 when burst0 was one of the two created
  });
});

describe('webhook endpoints', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://0.0.0.0/hook',
    'http://2130706433/hook',
    'http://0x7f.1/hook',
    'http://169.254.169.254/latest/meta-data/iam/',
    'http://10.0.0.5/hook',
    'http://172.17.0.1/hook',
    'http://192.168.1.20/hook',
    'http://[fd00::1]/hook',
    'http://[fe80::1]/hook',
  ])('refuses %j when the endpoint is created', async (url) => {
    const res = await api('/api/v1/webhooks', { method: 'POST', as: owner, body: JSON.stringify({ url }) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(['webhook_url_refused', 'webhook_url_unresolvable']).toContain(body.error.code);
    expect(body.error.message.length).toBeGreaterThan(10);
  });

  it('accepts a public address; none of the refused ones was stored', async () => {
    const ok = await api('/api/v1/webhooks', { method: 'POST', as: owner, body: JSON.stringify({ url: 'https://93.184.216.34/weft' }) });
    expect(ok.status).toBe(201);
    const list = (await (await api('/api/v1/webhooks', { as: owner })).json()) as { webhooks: Array<{ url: string }> };
    expect(list.webhooks.map((w) => w.url)).toEqual(['https://93.184.216.34/weft']);
  });
});

async function newRecording(): Promise<{ sessionId: string; videoId: string }> {
  const res = await api('/api/v1/recordings', { method: 'POST', as: owner, body: JSON.stringify({ title: 'Security test' }) });
  expect(res.status).toBe(201);
  return (await res.json()) as { sessionId: string; videoId: string };
}

async function upload(sessionId: string, bytes: Buffer, filename: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    new tus.Upload(bytes, {
      endpoint: `${server.url}/api/v1/uploads`,
      headers: authHeaders(owner),
      metadata: { sessionId, filename, filetype: 'video/mp4' },
      onSuccess: () => resolve(),
      onError: reject,
    }).start();
  });
}

const waitFor = <T>(fn: () => Promise<T>, ok: (v: T) => boolean) => pollUntil(fn, ok, { timeout: 90_000, interval: 250 });

describe('stored errors are for the owner, not for viewers', () => {
  it('a failed video: the owner sees the reason; an anonymous viewer of the link sees a neutral sentence everywhere', async () => {
    const rec = await newRecording();
    await upload(rec.sessionId, Buffer.from('Not a video. Internal notes.\n'.repeat(50)), 'notes.mp4');
    const mine = await waitFor(
      async () => (await (await api(`/api/v1/videos/${rec.videoId}`, { as: owner })).json()) as { status: string; error?: { message: string } },
      (v) => v.status === 'failed',
    );
    expect(mine.error?.message).toMatch(/not a video/);
    expect((await api(`/api/v1/videos/${rec.videoId}`, { method: 'PATCH', as: owner, body: JSON.stringify({ visibility: 'link' }) })).status).toBe(200);

    const theirs = (await (await api(`/api/v1/videos/${rec.videoId}`)).json()) as { status: string; canManage: boolean; error?: { code: string; message: string } };
    expect(theirs.status).toBe('failed');
    expect(theirs.canManage).toBe(false);
    expect(theirs.error).toEqual({ code: 'processing_failed', message: 'This video can’t be played right now.' });

    const stream = await api(`/api/v1/streams/${rec.videoId}`);
    expect(stream.status).toBe(409);
    const streamText = await stream.text();
    expect(streamText).not.toMatch(/not a video/i);
    expect(streamText).toContain('can’t be played right now');

    const page = await (await api(`/v/${rec.videoId}`)).text();
    expect(page).not.toMatch(/not a video/i);
    expect(page).toContain('can’t be played right now');
    const ownerPage = await (await api(`/v/${rec.videoId}`, { as: owner })).text();
    expect(ownerPage).toMatch(/not a video/i);
  });

  it('a failed transcript: the owner sees the reason and model; a viewer sees neither', async () => {
    const rec = await newRecording();
    const file = makeVideo(path.join(work, 'talk.mp4'), { width: 320, height: 240, seconds: 2 });
    await upload(rec.sessionId, fs.readFileSync(file), 'talk.mp4');
    type T = { status: string; error: string | null; model: string | null };
    const mine = await waitFor(
      async () => (await (await api(`/api/v1/videos/${rec.videoId}/transcript`, { as: owner })).json()) as T,
      (t) => t.status === 'failed',
    );
    expect(mine.error).toMatch(/model/);
    expect((await api(`/api/v1/videos/${rec.videoId}`, { method: 'PATCH', as: owner, body: JSON.stringify({ visibility: 'link' }) })).status).toBe(200);
    const raw = await (await api(`/api/v1/videos/${rec.videoId}/transcript`)).text();
    const theirs = JSON.parse(raw) as T;
    expect(theirs.status).toBe('failed');
    expect(theirs.error).toBeNull();
    expect(theirs.model).toBeNull();
    expect(raw).not.toContain('no-such-model');
    // the video itself plays for the viewer
    expect((await api(`/api/v1/streams/${rec.videoId}`)).status).toBe(200);
  });
});
