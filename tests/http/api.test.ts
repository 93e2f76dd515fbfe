import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/databases';
import { makeVideo } from '../helpers/media';
import { startServer, type RunningServer } from '../helpers/server';
import { authHeaders, signUpVia, type Caller } from '../helpers/client';
import { pollUntil } from '../helpers/poll';

let server: RunningServer;
let dataDir: string;
let work: string;
let owner: Caller;

beforeAll(async () => {
  dataDir = tempDir('http');
  work = tempDir('http-src');
  server = await startServer(dataDir);
  owner = await signUpVia(server.url, 'Owner');
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

const uploadsDir = () => path.join(dataDir, 'media', 'uploads');
const b64 = (s: string) => Buffer.from(s).toString('base64');

async function newRecording(): Promise<{ sessionId: string; videoId: string }> {
  const res = await fetch(`${server.url}/api/v1/recordings`, {
    method: 'POST',
    headers: authHeaders(owner),
    body: JSON.stringify({ title: 'HTTP test', mode: 'screen' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { sessionId: string; videoId: string };
}

function tusCreate(headers: Record<string, string>, body?: Buffer) {
  return fetch(`${server.url}/api/v1/uploads`, {
    method: 'POST',
    headers: { 'Tus-Resumable': '1.0.0', ...authHeaders(owner), ...(body ? { 'Content-Type': 'application/offset+octet-stream' } : {}), ...headers },
    body: body ? new Uint8Array(body) : undefined,
  });
}

async function waitForStatus(videoId: string, statuses: string[], ms = 60_000): Promise<Record<string, unknown>> {
  return pollUntil(
    async () => (await (await fetch(`${server.url}/api/v1/videos/${videoId}`, { headers: authHeaders(owner) })).json()) as Record<string, unknown>,
    (v) => statuses.includes(String(v.status)),
    { timeout: ms },
  );
}

describe('tus uploads: bad input is refused before any byte is stored', () => {
  it('no sessionId → 400 missing_session', async () => {
    const res = await tusCreate({ 'Upload-Length': '10', 'Upload-Metadata': `filename ${b64('a.mp4')}` }, Buffer.from('0123456789'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('missing_session');
  });

  it('unknown or malformed sessionId → 404 session_not_found', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', '../../etc']) {
      const res = await tusCreate({ 'Upload-Length': '10', 'Upload-Metadata': `sessionId ${b64(id)}` }, Buffer.from('0123456789'));
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('session_not_found');
    }
  });

  it('a zero-byte upload → 400 empty_upload', async () => {
    const rec = await newRecording();
    const res = await tusCreate({ 'Upload-Length': '0', 'Upload-Metadata': `sessionId ${b64(rec.sessionId)}` });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('empty_upload');
    expect(body.error.message).toMatch(/empty/i);
  });

  it('left nothing on disk', () => {
    expect(fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()) : []).toEqual([]);
  });
});

describe('record → upload (deferred length) → HLS → stream and media origin', () => {
  it('processes a tus-js-client upload and serves the ladder with content types, Range and cache headers', async () => {
    const file = makeVideo(path.join(work, 'clip.mp4'), { seconds: 3 });
    const rec = await newRecording();
    const control = (action: string) =>
      fetch(`${server.url}/api/v1/recordings/${rec.sessionId}/control`, { method: 'POST', headers: authHeaders(owner), body: JSON.stringify({ action }) });
    expect((await control('start')).status).toBe(200);
    const bytes = fs.readFileSync(file);
    // stream the file like a recorder does: length unknown until the end
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 64 * 1024) pieces.push(bytes.subarray(i, i + 64 * 1024));
    await new Promise<void>((resolve, reject) => {
      new tus.Upload(Readable.from(pieces), {
        endpoint: `${server.url}/api/v1/uploads`,
        headers: authHeaders(owner),
        uploadLengthDeferred: true,
        chunkSize: 256 * 1024,
        metadata: { sessionId: rec.sessionId, filename: 'clip.mp4', filetype: 'video/mp4' },
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
    const stop = await control('stop');
    expect(await stop.json()).toEqual({ sessionId: rec.sessionId, status: 'stopped' });
    const again = await control('stop');
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('invalid_transition');

    const video = await waitForStatus(rec.videoId, ['ready', 'failed']);
    expect(video.status).toBe('ready');
    const streamRes = await fetch(`${server.url}/api/v1/streams/${rec.videoId}`, { headers: authHeaders(owner) });
    expect(streamRes.status).toBe(200);
    const info = (await streamRes.json()) as { master: string; renditions: Array<{ name: string; url: string }>; poster: string };
    expect(info.renditions.map((r) => r.name)).toEqual(['720p', '480p', '360p']);

    const master = await fetch(server.url + info.master);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    // an edge keeps a playlist 2 s, a segment 30 s per signed URL (what it may serve after a revocation)
    expect(master.headers.get('cache-control')).toBe('public, max-age=2');
    expect(await master.text()).toContain('#EXT-X-STREAM-INF:BANDWIDTH=');

    const segUrl = info.renditions[0]!.url.replace('index.m3u8', 'seg_0000.ts');
    const whole = await fetch(server.url + segUrl);
    expect(whole.headers.get('content-type')).toBe('video/mp2t');
    expect(whole.headers.get('cache-control')).toBe('public, max-age=31536000, immutable, s-maxage=30');
    const wholeBytes = Buffer.from(await whole.arrayBuffer());
    const size = wholeBytes.length;
    expect(wholeBytes[0]).toBe(0x47); // MPEG-TS sync byte
    const part = await fetch(server.url + segUrl, { headers: { Range: 'bytes=188-375' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 188-375/${size}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(wholeBytes.subarray(188, 376))).toBe(true);
    const bad = await fetch(server.url + segUrl, { headers: { Range: `bytes=${size + 10}-` } });
    expect(bad.status).toBe(416);
    const poster = await fetch(server.url + info.poster);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');

    // the origin never serves raw uploads, the database or paths outside the media folder
    for (const p of ['/media/uploads/x', '/media/videos/..%2F..%2Fdb%2FPG_VERSION', '/media/videos/%2e%2e/%2e%2e/db/weft.lock', '/media/videos/x/evil.json']) {
      const res = await fetch(server.url + p);
      expect(res.status, p).toBe(404);
    }
  });

  it('a file that is not a video fails with "not a video" and the server keeps serving', async () => {
    const rec = await newRecording();
    const text = Buffer.from('Quarterly notes. Not a video at all.\n'.repeat(100));
    await new Promise<void>((resolve, reject) => {
      new tus.Upload(text, {
        endpoint: `${server.url}/api/v1/uploads`,
        headers: authHeaders(owner),
        metadata: { sessionId: rec.sessionId, filename: 'notes.txt', filetype: 'text/plain' },
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
    const v = await waitForStatus(rec.videoId, ['ready', 'failed']);
    expect(v.status).toBe('failed');
    expect((v.error as { message: string }).message).toMatch(/not a video/);
    const stream = await fetch(`${server.url}/api/v1/streams/${rec.videoId}`, { headers: authHeaders(owner) });
    expect(stream.status).toBe(409);
    expect((await fetch(`${server.url}/api/v1/videos`, { headers: authHeaders(owner) })).status).toBe(200);
  });

  it('the admin jobs view counts jobs per kind and retries a failed one; members may not', async () => {
    type View = { kinds: Array<{ kind: string; failed: number; done: number }>; failed: Array<{ id: string; kind: string; lastError: string | null; finishedAt: string | null; attempts: number }> };
    const getView = async (c: Caller) => fetch(`${server.url}/api/v1/admin/jobs`, { headers: authHeaders(c) });
    // the previous test left a process-video job that failed for good ("not a video")
    const view = (await (await getView(owner)).json()) as View;
    expect(view.kinds.find((k) => k.kind === 'process-video')?.failed).toBeGreaterThanOrEqual(1);
    expect(view.kinds.find((k) => k.kind === 'process-video')?.done).toBeGreaterThanOrEqual(1);
    const failed = view.failed.find((f) => f.kind === 'process-video')!;
    expect(failed.lastError).toMatch(/not a video/);

    const member = await signUpVia(server.url, 'Member');
    expect((await getView(member)).status).toBe(403);
    const denied = await fetch(`${server.url}/api/v1/admin/jobs/${failed.id}/retry`, { method: 'POST', headers: authHeaders(member) });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    for (const id of ['abc', '999999', '6f1f3c52-0000-4000-8000-000000000000']) {
      expect((await fetch(`${server.url}/api/v1/admin/jobs/${id}/retry`, { method: 'POST', headers: authHeaders(owner) })).status).toBe(404);
    }

    const retried = await fetch(`${server.url}/api/v1/admin/jobs/${failed.id}/retry`, { method: 'POST', headers: authHeaders(owner) });
    expect(retried.status).toBe(202);
    expect(await retried.json()).toEqual({ id: failed.id, status: 'queued' });
    // it runs again and, the file being what it is, fails again with the same reason
    const again = await pollUntil(
      async () => ((await (await getView(owner)).json()) as View).failed.find((f) => f.id === failed.id),
      (f) => f !== undefined && f.finishedAt !== failed.finishedAt,
      { timeout: 30_000, what: 'the retried job did not run' },
    );
    expect(again?.lastError).toMatch(/not a video/);
    // a permanent error stops each run at its first attempt: the first run and the retried one
    expect(again?.attempts).toBe(2);
  });
});

describe('API errors are JSON with a fitting status', () => {
  const post = (p: string, body: string) =>
    fetch(server.url + p, { method: 'POST', body, headers: { 'content-type': 'application/json', ...authHeaders(owner) } });

  const unknown = '/api/v1/recordings/00000000-0000-4000-8000-000000000000/control';
  it.each([
    { label: 'malformed JSON', p: '/api/v1/recordings', body: '{nope', status: 400, code: 'invalid_json' },
    { label: 'an unknown mode', p: '/api/v1/recordings', body: '{"mode":"hologram"}', status: 400, code: 'validation_failed' },
    { label: 'an oversized body', p: '/api/v1/recordings', body: JSON.stringify({ title: 'x'.repeat(70_000) }), status: 413, code: 'payload_too_large' },
    { label: 'an unknown session', p: unknown, body: '{"action":"start"}', status: 404, code: 'session_not_found' },
    { label: 'a malformed session id', p: '/api/v1/recordings/not-a-uuid/control', body: '{"action":"start"}', status: 404, code: 'session_not_found' },
    { label: 'an unknown action', p: unknown, body: '{"action":"explode"}', status: 400, code: 'validation_failed' },
    { label: 'a missing body', p: unknown, body: '', status: 400, code: 'invalid_json' },
  ])('$label → $status $code', async ({ p, body, status, code }) => {
    const res = await post(p, body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.message.length).toBeGreaterThan(5);
  });

  it('unknown videos and streams are 404', async () => {
    for (const p of ['/api/v1/videos/00000000-0000-4000-8000-000000000000', '/api/v1/videos/zzz', '/api/v1/streams/00000000-0000-4000-8000-000000000000']) {
      const res = await fetch(server.url + p);
      expect(res.status, p).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('video_not_found');
    }
  });

  it('the watch page answers 404 for an unknown video', async () => {
    const res = await fetch(`${server.url}/v/00000000-0000-4000-8000-000000000000`);
    expect(res.status).toBe(404);
  });
});
