import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/databases';
import { makeVideo } from '../helpers/media';
import { pollUntil } from '../helpers/poll';
import { uploadVideoFile } from '../helpers/upload';
import { startServer, type RunningServer } from '../helpers/server';
import { ANON, call, signUpVia, type Caller } from '../helpers/client';

/** Comments and reactions through the API: who may write what, and what they get back. */
let server: RunningServer;
let dataDir: string;
let owner: Caller;
let other: Caller;
let videoId = '';

beforeAll(async () => {
  dataDir = tempDir('comments');
  server = await startServer(dataDir, { WEFT_TRANSCRIBE: 'off' });
  owner = await signUpVia(server.url, 'Owner');
  other = await signUpVia(server.url, 'Viewer');
  const file = makeVideo(path.join(dataDir, 'src', 'v.mp4'), { width: 320, height: 180, seconds: 4 });
  ({ videoId } = await uploadVideoFile(server.url, owner, file, { title: 'Team update' }));
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type C = { id: string; text: string; atSec: number; parentId: string | null; author: { name: string; signedIn: boolean }; canEdit: boolean; canDelete: boolean };
const comment = (who: Caller, body: unknown) => call(server.url, who, `/api/v1/videos/${videoId}/comments`, { method: 'POST', body });
const list = async (who: Caller) => ((await (await call(server.url, who, `/api/v1/videos/${videoId}/comments`)).json()) as { comments: C[] }).comments;
const policy = (p: string) => call(server.url, owner, `/api/v1/videos/${videoId}`, { method: 'PATCH', body: { comments: p } });
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('comments', () => {
  it('signed-in viewers comment by default; a comment is pinned to a moment, text only, replies one level deep', async () => {
    expect(await code(await comment(ANON, { text: 'hi', atSec: 1 }))).toBe('unauthorized');
    const res = await comment(other, { text: 'Nice <b>demo</b>\nsecond line', atSec: 1.25 });
    expect(res.status).toBe(201);
    const c = (await res.json()) as C;
    expect(c).toMatchObject({ text: 'Nice <b>demo</b>\nsecond line', atSec: 1.3, parentId: null, author: { name: 'Viewer' } });
    const reply = (await (await comment(owner, { text: 'Thanks!', atSec: 2, parentId: c.id })).json()) as C;
    expect(reply.parentId).toBe(c.id);
    // an answer to an answer joins the same thread
    const deeper = (await (await comment(other, { text: 'You are welcome', atSec: 2, parentId: reply.id })).json()) as C;
    expect(deeper.parentId).toBe(c.id);
    // beyond the end → the last moment
    const late = (await (await comment(other, { text: 'At the end', atSec: 999 })).json()) as C;
    expect(late.atSec).toBeLessThanOrEqual(4.1);
    const all = await list(owner);
    expect(all.map((x) => x.text)).toEqual(['Nice <b>demo</b>\nsecond line', 'Thanks!', 'You are welcome', 'At the end']);
    expect(all[0]).toMatchObject({ canEdit: false, canDelete: true }); // the owner deletes any
    expect((await list(other))[0]).toMatchObject({ canEdit: true, canDelete: true });
  });

  it('refuses empty, oversized and malformed comments', async () => {
    for (const body of [{ text: '   ', atSec: 1 }, { text: 'x'.repeat(5001), atSec: 1 }, { text: 'x' }, { text: 'x', atSec: -1 }, { text: 'x', atSec: 1, parentId: 'nope' }]) {
      const res = await comment(other, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    expect((await comment(other, { text: 'x', atSec: 1, parentId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
  });

  it('edit your own; the owner deletes any, with its replies', async () => {
    const [first] = await list(other);
    const edited = await call(server.url, other, `/api/v1/videos/${videoId}/comments/${first!.id}`, { method: 'PATCH', body: { text: 'Nice demo (edited)' } });
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as { text: string }).text).toBe('Nice demo (edited)');
    expect((await call(server.url, owner, `/api/v1/videos/${videoId}/comments/${first!.id}`, { method: 'PATCH', body: { text: 'hijack' } })).status).toBe(403);
    expect((await call(server.url, owner, `/api/v1/videos/${videoId}/comments/${first!.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await list(owner)).map((x) => x.text)).toEqual(['At the end']);
  });

  it('the owner decides: anyone (with a name, throttled per address) or nobody', async () => {
    expect((await policy('anyone')).status).toBe(200);
    expect(await code(await comment(ANON, { text: 'hello', atSec: 0 }))).toBe('validation_failed');
    const anon = await comment(ANON, { text: 'hello', atSec: 0, name: 'Guest' });
    expect(anon.status).toBe(201);
    expect(((await anon.json()) as C).author).toEqual({ name: 'Guest', signedIn: false });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await comment(ANON, { text: `more ${i}`, atSec: 0, name: 'Guest' })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect((await policy('nobody')).status).toBe(200);
    expect(await code(await comment(other, { text: 'no?', atSec: 0 }))).toBe('comments_closed');
    expect((await comment(owner, { text: 'the owner still may', atSec: 0 })).status).toBe(201);
    expect((await policy('signed_in')).status).toBe(200);
  });

  it('a private video’s comments are as private as the video', async () => {
    expect((await call(server.url, owner, `/api/v1/videos/${videoId}`, { method: 'PATCH', body: { visibility: 'private' } })).status).toBe(200);
    expect((await call(server.url, other, `/api/v1/videos/${videoId}/comments`)).status).toBe(404);
    expect((await comment(other, { text: 'sneaky', atSec: 0 })).status).toBe(404);
    expect((await call(server.url, owner, `/api/v1/videos/${videoId}`, { method: 'PATCH', body: { visibility: 'link' } })).status).toBe(200);
  });

  it('the owner is told about a comment in the app', async () => {
    await pollUntil(
      async () => ((await (await call(server.url, owner, '/api/v1/notifications')).json()) as { items: Array<{ message: string }> }).items.map((n) => n.message),
      // one notice per burst of comments: this one alone, or with the others of its window (by the viewer alone, or by others too)
      (m) => m.some((x) => /Viewer (commented at 0:0\d|(and \d+ others? )?left \d+ comments) on “Team update”/.test(x)),
      { timeout: 20_000 },
    );
  });
});

describe('reactions', () => {
  it('one of eight emoji at a moment; counted per emoji and second', async () => {
    const react = (who: Caller, body: unknown) => call(server.url, who, `/api/v1/videos/${videoId}/reactions`, { method: 'POST', body });
    expect((await react(other, { emoji: '💩', atSec: 1 })).status).toBe(400);
    expect((await react(ANON, { emoji: '👍', atSec: 1 })).status).toBe(401);
    expect((await react(other, { emoji: '👍', atSec: 1.4 })).status).toBe(201);
    const second = (await (await react(owner, { emoji: '👍', atSec: 1.9 })).json()) as { count: number; atSec: number };
    expect(second).toMatchObject({ atSec: 1, count: 2 });
    expect((await react(other, { emoji: '🎉', atSec: 3 })).status).toBe(201);
    const summary = ((await (await call(server.url, ANON, `/api/v1/videos/${videoId}/reactions`)).json()) as { reactions: unknown[] }).reactions;
    expect(summary).toEqual([
      { emoji: '👍', atSec: 1, count: 2 },
      { emoji: '🎉', atSec: 3, count: 1 },
    ]);
  });
});
