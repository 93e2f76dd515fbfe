import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/databases';
import { makeVideo } from '../helpers/media';
import { pollUntil } from '../helpers/poll';
import { sseReader } from '../helpers/sse';
import { uploadVideoFile } from '../helpers/upload';
import { startServer, type RunningServer } from '../helpers/server';
import { ANON, call, signUpVia, type Caller } from '../helpers/client';

/**
 * The library's own actions through the API: rename, delete with its undo window, share links
 * listed for as long as they live, comments found by search. Each answers who may call it, what
 * stops a loop, and what ends with access.
 */
let server: RunningServer;
let dataDir: string;
let owner: Caller;
let other: Caller;
let file = '';

beforeAll(async () => {
  dataDir = tempDir('library');
  // a short undo window, so that the purge's side of it is seen
  server = await startServer(dataDir, { WEFT_TRANSCRIBE: 'off', WEFT_DELETE_UNDO_SECONDS: '3' });
  owner = await signUpVia(server.url, 'Owner');
  other = await signUpVia(server.url, 'Other');
  file = makeVideo(path.join(dataDir, 'src', 'v.mp4'), { width: 320, height: 180, seconds: 3 });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
const upload = async (title: string) => (await uploadVideoFile(server.url, owner, file, { title, until: 'ready' })).videoId;

describe('rename and delete', () => {
  it('only the owner renames; an empty title is refused', async () => {
    const id = await upload('Recording 1');
    const rename = (who: Caller, title: unknown) => call(server.url, who, `/api/v1/videos/${id}`, { method: 'PATCH', body: { title } });
    expect((await rename(ANON, 'x')).status).toBe(401);
    expect(await code(await rename(other, 'Mine now'))).toBe('video_not_found');
    expect((await rename(owner, '')).status).toBe(400);
    const ok = await rename(owner, 'Roadmap, second pass');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { title: string }).title).toBe('Roadmap, second pass');
  });

  it('a delete hides the video and its media at once; Undo brings both back; only the owner may do either', async () => {
    const id = await upload('To be deleted');
    const stream = (await (await call(server.url, owner, `/api/v1/streams/${id}`)).json()) as { master: string };
    expect((await fetch(server.url + stream.master)).status).toBe(200);

    expect((await call(server.url, other, `/api/v1/videos/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await call(server.url, owner, `/api/v1/videos/${id}`, { method: 'DELETE' })).status).toBe(204);
    // gone for everyone, the owner included; its media URLs open nothing
    expect((await call(server.url, owner, `/api/v1/videos/${id}`)).status).toBe(404);
    expect((await call(server.url, owner, `/api/v1/streams/${id}`)).status).toBe(404);
    await pollUntil(async () => (await fetch(server.url + stream.master)).status, (s) => s === 403, { timeout: 5000, interval: 200 });
    // another account cannot undo it, nor can nobody
    expect((await call(server.url, ANON, `/api/v1/videos/${id}/restore`, { method: 'POST' })).status).toBe(401);
    expect(await code(await call(server.url, other, `/api/v1/videos/${id}/restore`, { method: 'POST' }))).toBe('video_not_found');
    const back = await call(server.url, owner, `/api/v1/videos/${id}/restore`, { method: 'POST' });
    expect(back.status).toBe(200);
    expect(((await back.json()) as { title: string; status: string })).toMatchObject({ title: 'To be deleted', status: 'ready' });
    // as it was: the page, the stream, the very same media URL
    expect((await call(server.url, owner, `/api/v1/videos/${id}`)).status).toBe(200);
    await pollUntil(async () => (await fetch(server.url + stream.master)).status, (s) => s === 200, { timeout: 5000, interval: 200 });
    // undo twice: nothing to undo
    expect((await call(server.url, owner, `/api/v1/videos/${id}/restore`, { method: 'POST' })).status).toBe(404);
  });

  it('once the undo window has passed and the purge ran, Undo says it is too late', async () => {
    const id = await upload('Gone for good');
    // a viewer of the link follows the video's events…
    const sse = sseReader(await fetch(`${server.url}/api/v1/videos/${id}/events`));
    await sse.until(() => sse.text().includes('event: video'), 5000);
    expect((await call(server.url, owner, `/api/v1/videos/${id}`, { method: 'DELETE' })).status).toBe(204);
    // …and the stream says so and ends with the video
    await sse.until(() => sse.closed(), 12_000);
    expect(sse.closed()).toBe(true);
    expect(sse.text()).toMatch(/event: deleted\ndata: \{"id":"[^"]+"\}\n\n$/);
    // the purge runs after WEFT_DELETE_UNDO_SECONDS (3 s here): its files go, then its rows
    await pollUntil(async () => fs.existsSync(path.join(dataDir, 'media', 'videos', id)), (there) => !there, { timeout: 20_000, interval: 250 });
    const late = await call(server.url, owner, `/api/v1/videos/${id}/restore`, { method: 'POST' });
    expect([404, 410]).toContain(late.status);
  });

  it('deletes and undos are throttled per account (60 per 10 minutes)', async () => {
    const flipper = await signUpVia(server.url, 'Flipper');
    const { videoId: id } = await uploadVideoFile(server.url, flipper, file, { title: 'Flipped', until: 'ready' });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await call(server.url, flipper, `/api/v1/videos/${id}`, { method: 'DELETE' })).status);
      statuses.push((await call(server.url, flipper, `/api/v1/videos/${id}/restore`, { method: 'POST' })).status);
    }
    expect(statuses.slice(0, 60).every((s) => s === 204 || s === 200)).toBe(true);
    expect(statuses[60]).toBe(429); // the 61st: a delete, refused (so the 62nd finds nothing to undo)
  });
});

describe('share links and search', () => {
  it('a link is listed with its address while it lives (the same address it was made with); a dead one has none', async () => {
    const id = await upload('Shared');
    await call(server.url, owner, `/api/v1/videos/${id}`, { method: 'PATCH', body: { visibility: 'private' } });
    const made = (await (await call(server.url, owner, `/api/v1/videos/${id}/share-links`, { method: 'POST', body: { expiresInSeconds: 3600 } })).json()) as { id: string; url: string };
    const revoked = (await (await call(server.url, owner, `/api/v1/videos/${id}/share-links`, { method: 'POST', body: { expiresInSeconds: 3600 } })).json()) as { id: string; url: string };
    await call(server.url, owner, `/api/v1/videos/${id}/share-links/${revoked.id}`, { method: 'DELETE' });
    const list = (await (await call(server.url, owner, `/api/v1/videos/${id}/share-links`)).json()) as { shareLinks: Array<{ id: string; url: string | null; active: boolean }> };
    expect(list.shareLinks.find((l) => l.id === made.id)).toMatchObject({ url: made.url, active: true });
    expect(list.shareLinks.find((l) => l.id === revoked.id)).toMatchObject({ url: null, active: false });
    // the listed address opens the video for somebody else
    expect((await call(server.url, ANON, new URL(made.url).pathname.replace('/v/', '/api/v1/streams/') + new URL(made.url).search)).status).toBe(200);
    // only the owner sees the list
    expect((await call(server.url, other, `/api/v1/videos/${id}/share-links`)).status).toBe(404);
  });

  it('a comment’s words find the video, at the comment’s moment', async () => {
    const id = await upload('Weekly sync');
    await call(server.url, owner, `/api/v1/videos/${id}`, { method: 'PATCH', body: { visibility: 'link' } });
    expect((await call(server.url, other, `/api/v1/videos/${id}/comments`, { method: 'POST', body: { text: 'The flamingo chart needs a legend', atSec: 2 } })).status).toBe(201);
    const hits = (await (await call(server.url, owner, '/api/v1/search?q=flamingo')).json()) as { results: Array<{ videoId: string; atSec: number | null }> };
    expect(hits.results).toEqual([expect.objectContaining({ videoId: id, atSec: 2 })]);
  });
});
