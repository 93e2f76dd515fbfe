import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, call, signUpVia, type Caller } from '../helpers/client';
import { tempDir } from '../helpers/databases';
import { pollUntil } from '../helpers/poll';
import { startServer, type RunningServer } from '../helpers/server';
import { uploadVideoFile } from '../helpers/upload';

let server: RunningServer;
let dir: string;
let owner: Caller;
let videoId: string;
let privateId: string;

beforeAll(async () => {
  dir = tempDir('analytics');
  server = await startServer(dir, { WEFT_ANALYTICS_ROLLUP_SECONDS: '1', WEFT_ANALYTICS_BATCHES_PER_MINUTE: '30' });
  owner = await signUpVia(server.url, 'Owner');
  const file = path.join(dir, 'clip.mp4');
  await promisify(execFile)('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15', '-f', 'lavfi', '-i', 'sine', '-t', '12', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file]);
  videoId = (await uploadVideoFile(server.url, owner, file, { title: 'Watched', until: 'ready' })).videoId;
  privateId = (await uploadVideoFile(server.url, owner, file, { title: 'Private', until: 'ready' })).videoId;
  await call(server.url, owner, `/api/v1/videos/${videoId}`, { method: 'PATCH', body: { visibility: 'public' } });
  await call(server.url, owner, `/api/v1/videos/${privateId}`, { method: 'PATCH', body: { visibility: 'private' } });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

async function stream(c: Caller, id = videoId, headers: Record<string, string> = {}) {
  const res = await call(server.url, c, `/api/v1/streams/${id}`, { headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { playback: { id: string; token: string; nextSeq: number } }).playback;
}

const post = (c: Caller, body: unknown, id = videoId, headers: Record<string, string> = {}) =>
  call(server.url, c, `/api/v1/videos/${id}/playback-events`, { method: 'POST', body, headers });

const beat = (ranges: Array<[number, number]>) => ({ type: 'stream_progress', position: ranges.at(-1)?.[1] ?? 0, ranges });

describe('playback events over HTTP', () => {
  it('the stream API hands out a playback and records its stream_start; batches follow from nextSeq', async () => {
    const pb = await stream(ANON, videoId, { referer: 'https://news.example.org/story', 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1' });
    expect(pb.nextSeq).toBe(2);
    const ok = await post(ANON, { playback: pb.token, seq: 2, viewer: 'anon-viewer-000000001', events: [beat([[0, 8]])] });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ accepted: 1 });
    const again = await post(ANON, { playback: pb.token, seq: 2, events: [beat([[0, 8]])] });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('replayed_batch');
  });

  it('refuses bad batches with a 4xx, never a 500', async () => {
    const pb = await stream(ANON);
    const other = await stream(owner, privateId);
    const forged = `${pb.token.split('.')[0]}.${'A'.repeat(43)}`;
    const cases: Array<[string, unknown, number, string]> = [
      ['not JSON', 'nope{', 400, 'invalid_json'],
      ['no events', { playback: pb.token, seq: 2, events: [] }, 400, 'validation_failed'],
      ['unknown type', { playback: pb.token, seq: 2, events: [{ type: 'stream_pause', position: 1 }] }, 400, 'validation_failed'],
      ['a backwards range', { playback: pb.token, seq: 2, events: [beat([[5, 1]])] }, 400, 'validation_failed'],
      ['a negative position', { playback: pb.token, seq: 2, events: [{ type: 'stream_progress', position: -3 }] }, 400, 'validation_failed'],
      ['past the end of the video', { playback: pb.token, seq: 2, events: [beat([[10, 60]])] }, 400, 'validation_failed'],
      ['an unknown field', { playback: pb.token, seq: 2, events: [{ ...beat([[0, 1]]), admin: true }] }, 400, 'validation_failed'],
      ['a rate of 100', { playback: pb.token, seq: 2, events: [{ ...beat([[0, 1]]), rate: 100 }] }, 400, 'validation_failed'],
      ['seq 0', { playback: pb.token, seq: 0, events: [beat([[0, 1]])] }, 400, 'validation_failed'],
      ['51 events', { playback: pb.token, seq: 2, events: Array.from({ length: 51 }, () => beat([[0, 1]])) }, 400, 'validation_failed'],
      ['a forged token', { playback: forged, seq: 2, events: [beat([[0, 1]])] }, 403, 'invalid_playback'],
      ['garbage for a token', { playback: 'x'.repeat(40), seq: 2, events: [beat([[0, 1]])] }, 403, 'invalid_playback'],
      ["another video's token", { playback: other.token, seq: 2, events: [beat([[0, 1]])] }, 403, 'invalid_playback'],
      ['a replayed first batch', { playback: pb.token, seq: 1, events: [beat([[0, 1]])] }, 409, 'replayed_batch'],
    ];
    for (const [name, body, status, code] of cases) {
      const res =
        typeof body === 'string'
          ? await fetch(`${server.url}/api/v1/videos/${videoId}/playback-events`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
          : await post(ANON, body);
      expect(res.status, name).toBe(status);
      expect(await errorCode(res), name).toBe(code);
    }
    const huge = await fetch(`${server.url}/api/v1/videos/${videoId}/playback-events`, { method: 'POST', body: JSON.stringify({ playback: pb.token, seq: 2, events: [], pad: 'x'.repeat(70_000) }) });
    expect(huge.status).toBe(413);
    expect(await errorCode(huge)).toBe('payload_too_large');
    // the same without a Content-Length (a stream): cut off at the limit, still a 413
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode('x'.repeat(5000)));
        c.close();
      },
    });
    const streamed = await fetch(`${server.url}/api/v1/videos/${videoId}/playback-events`, { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    // another site's page may not post for its visitors
    const crossSite = await fetch(`${server.url}/api/v1/videos/${videoId}/playback-events`, {
      method: 'POST',
      body: JSON.stringify({ playback: pb.token, seq: 2, events: [beat([[0, 1]])] }),
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(await errorCode(crossSite)).toBe('csrf_rejected');
    expect(crossSite.headers.get('x-content-type-options')).toBe('nosniff');
    // not a video id at all, or a broken escape in it: no such video
    for (const id of ['not-a-uuid', '%E0%A4%A']) {
      const res = await fetch(`${server.url}/api/v1/videos/${id}/playback-events`, { method: 'POST', body: JSON.stringify({ playback: pb.token, seq: 2, events: [beat([[0, 1]])] }) });
      expect(res.status, id).toBe(404);
    }
    // another method on the same path is Next.js's to answer
    expect((await fetch(`${server.url}/api/v1/videos/${videoId}/playback-events`)).status).toBe(405);
    // a video the caller may not watch: 404, as if it did not exist
    const hidden = await post(ANON, { playback: pb.token, seq: 2, events: [beat([[0, 1]])] }, privateId);
    expect(hidden.status).toBe(404);
    // the owner, who may watch it, is told the token is wrong
    const mine = await post(owner, { playback: pb.token, seq: 2, events: [beat([[0, 1]])] }, privateId);
    expect(mine.status).toBe(403);
  });

  it('throttles one playback that sends too often', async () => {
    const pb = await stream(ANON);
    const statuses: number[] = [];
    for (let seq = 2; seq < 40; seq++) statuses.push((await post(ANON, { playback: pb.token, seq, events: [beat([[0, 0.5]])] })).status);
    expect(statuses.filter((s) => s === 202).length).toBe(30);
    expect(statuses.at(-1)).toBe(429);
  });

  it("insights: the owner sees them once rolled up, without the owner's own looks; others are refused", async () => {
    // the owner's own 12 s look: accepted (the player cannot tell), not kept
    const own = await stream(owner);
    expect((await post(owner, { playback: own.token, seq: 1, events: [{ type: 'stream_start', position: 0, ranges: [] }, beat([[0, 12]])] })).status).toBe(202);
    const viewer = await signUpVia(server.url, 'Viewer');
    const v = await stream(viewer);
    expect((await post(viewer, { playback: v.token, seq: 2, events: [beat([[0, 12]])] })).status).toBe(202);
    const insights = await pollUntil(
      async () => (await (await call(server.url, owner, `/api/v1/videos/${videoId}/insights`)).json()) as { views: number; uniqueViewers: number; referrers: Array<{ host: string }>; retention: Array<{ t: number; viewers: number }>; seenBy: Array<{ name: string }> },
      (i) => i.seenBy.length > 0,
      { timeout: 20_000 },
    );
    // the viewer and the anonymous browser of the tests above; not the owner (who would make a third)
    expect(insights.seenBy.map((s) => s.name)).toEqual(['Viewer']);
    expect(insights.uniqueViewers).toBe(2);
    expect(insights.referrers.map((r) => r.host)).toContain('news.example.org');
    expect(insights.retention[0]?.viewers).toBeGreaterThanOrEqual(2);
    const stranger = await signUpVia(server.url, 'Stranger');
    expect((await call(server.url, stranger, `/api/v1/videos/${videoId}/insights`)).status).toBe(403);
    expect((await call(server.url, ANON, `/api/v1/videos/${privateId}/insights`)).status).toBe(404);
  });
});
