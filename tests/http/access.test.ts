import fs from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, call, signUpVia, type Caller } from '../helpers/client';
import { BACKENDS, createTestDatabase, postgresAvailable, tempDir, type TestDatabase } from '../helpers/databases';
import { makeVideo } from '../helpers/media';
import { startServer, type RunningServer } from '../helpers/server';
import { pollUntil } from '../helpers/poll';
import { startLocalS3, type LocalS3 } from '../helpers/storage';

const pgUp = await postgresAvailable();

type State = 'private' | 'link' | 'public' | 'password' | 'expired-token' | 'revoked-token' | 'valid-token';
type Actor = 'anonymous' | 'other' | 'owner' | 'admin';
const STATES: State[] = ['private', 'link', 'public', 'password', 'expired-token', 'revoked-token', 'valid-token'];
const ACTORS: Actor[] = ['anonymous', 'other', 'owner', 'admin'];

/** What a viewer (not owner/admin) gets from GET video / stream in each state. */
const VIEWER_EXPECT: Record<State, [number, string | null]> = {
  private: [404, 'video_not_found'],
  link: [200, null],
  public: [200, null],
  password: [403, 'password_required'],
  'expired-token': [403, 'share_link_expired'],
  'revoked-token': [403, 'share_link_revoked'],
  'valid-token': [200, null],
};

// PGlite and PostgreSQL with media on disk, and PostgreSQL with media in an S3 bucket
const COMBOS: Array<{ kind: (typeof BACKENDS)[number]; s3: boolean }> = [...BACKENDS.map((kind) => ({ kind, s3: false })), { kind: 'postgres', s3: true }];

for (const { kind: dbKind, s3 } of COMBOS) {
  const kind = s3 ? `${dbKind}, s3` : dbKind;
  const d = dbKind === 'postgres' && !pgUp ? describe.skip : describe;
  d(`access matrix [${kind}]`, () => {
    let bucket: LocalS3 | null = null;
    let server: RunningServer;
    let dir: string;
    let testDb: TestDatabase | undefined;
    const who: Record<Actor, Caller> = { anonymous: ANON, other: {}, owner: {}, admin: {} };
    let videoId = '';
    let sessionId = '';
    let uploadUrl = '';
    let otherVideoId = '';
    const tokens: Record<string, string> = {};
    let cells = 0;

    async function waitReady(id: string, c: Caller) {
      const v = await pollUntil(
        async () => ((await (await call(server.url, c, `/api/v1/videos/${id}`)).json()) as { status: string }).status,
        (s) => s === 'ready' || s === 'failed',
      );
      if (v === 'failed') throw new Error('processing failed');
    }

    async function recordVideo(c: Caller, file: string): Promise<{ videoId: string; sessionId: string; uploadUrl: string }> {
      const rec = (await (await call(server.url, c, '/api/v1/recordings', { method: 'POST', body: { title: 'Quarterly plan' } })).json()) as {
        videoId: string;
        sessionId: string;
      };
      let url = '';
      await new Promise<void>((resolve, reject) => {
        const u = new tus.Upload(fs.readFileSync(file), {
          endpoint: `${server.url}/api/v1/uploads`,
          headers: { cookie: c.cookie ?? '' },
          metadata: { sessionId: rec.sessionId, filename: 'a.mp4', filetype: 'video/mp4' },
          onSuccess: () => {
            url = u.url ?? '';
            resolve();
          },
          onError: reject,
        });
        u.start();
      });
      await waitReady(rec.videoId, c);
      return { ...rec, uploadUrl: url };
    }

    beforeAll(async () => {
      dir = tempDir(`access-${dbKind}${s3 ? '-s3' : ''}`);
      // the test plays the one reverse proxy in front: its X-Forwarded-For names the client
      let env: Record<string, string> = { WEFT_TRUSTED_PROXIES: '1' };
      if (s3) {
        bucket = await startLocalS3(path.join(dir, 'bucket'));
        env = { ...env, ...bucket.env('weft-access') };
      }
      if (dbKind === 'postgres') {
        testDb = await createTestDatabase('postgres');
        env.DATABASE_URL = testDb.url!;
      }
      server = await startServer(dir, env);
      who.admin = await signUpVia(server.url, 'Admin'); // first account: admin
      who.owner = await signUpVia(server.url, 'Owner');
      who.other = await signUpVia(server.url, 'Other');
      const file = makeVideo(path.join(dir, 'src.mp4'), { width: 640, height: 360, seconds: 2 });
      ({ videoId, sessionId, uploadUrl } = await recordVideo(who.owner, file));
      ({ videoId: otherVideoId } = await recordVideo(who.other, file));
      const link = async (seconds: number) =>
        ((await (await call(server.url, who.owner, `/api/v1/videos/${videoId}/share-links`, { method: 'POST', body: { expiresInSeconds: seconds } })).json()) as { token: string }).token;
      tokens.valid = await link(3600);
      tokens.revoked = await link(3600);
      expect((await call(server.url, who.owner, `/api/v1/videos/${videoId}/share-links/${encodeURIComponent(tokens.revoked)}`, { method: 'DELETE' })).status).toBe(204);
      // a link that lives one second (the exact expiry boundary is tested with a manual clock in
      // tests/integration/lifecycle.test.ts): wait until its expiry time has passed
      const short = (await (await call(server.url, who.owner, `/api/v1/videos/${videoId}/share-links`, { method: 'POST', body: { expiresInSeconds: 1 } })).json()) as { token: string; expiresAt: string };
      tokens.expired = short.token;
      await pollUntil(async () => Date.now(), (now) => now > Date.parse(short.expiresAt) + 50, { timeout: 5000, interval: 100 });
    }, 120_000);

    afterAll(async () => {
      console.log(`access matrix [${kind}]: ${cells} cells checked`);
      await server?.stop();
      await testDb?.destroy();
      await bucket?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    async function setState(state: State) {
      const visibility = state === 'link' || state === 'password' ? 'link' : state === 'public' ? 'public' : 'private';
      const res = await call(server.url, who.owner, `/api/v1/videos/${videoId}`, {
        method: 'PATCH',
        body: { visibility, password: state === 'password' ? 'open sesame' : null },
      });
      expect(res.status).toBe(200);
    }

    const tokenFor = (state: State) =>
      state === 'expired-token' ? tokens.expired : state === 'revoked-token' ? tokens.revoked : state === 'valid-token' ? tokens.valid : null;

    async function expectCell(res: Response, status: number, code: string | null, label: string) {
      cells++;
      expect(res.status, label).toBe(status);
      if (code) expect(((await res.json()) as { error: { code: string } }).error.code, label).toBe(code);
      else await res.arrayBuffer();
    }

    it('GET video, GET stream and the watch page: every actor × every sharing state', async () => {
      for (const state of STATES) {
        await setState(state);
        const token = tokenFor(state);
        const q = token ? `?token=${encodeURIComponent(token)}` : '';
        for (const actor of ACTORS) {
          const manager = actor === 'owner' || actor === 'admin';
          const [status, code] = manager ? [200, null] : VIEWER_EXPECT[state];
          const label = `${state} × ${actor}`;
          await expectCell(await call(server.url, who[actor], `/api/v1/videos/${videoId}${q}`), status, code, `video ${label}`);
          const stream = await call(server.url, who[actor], `/api/v1/streams/${videoId}${q}`);
          if (status === 200) {
            cells++;
            expect(stream.status, `stream ${label}`).toBe(200);
            const info = (await stream.json()) as { master: string; expiresAt: string };
            expect(info.master).toMatch(/\?exp=\d+&ep=\d+&sc=s&sig=/);
            const master = await fetch(server.url + info.master);
            cells++;
            expect(master.status, `master ${label}`).toBe(200);
            expect(await master.text()).toMatch(/index\.m3u8\?exp=\d+&ep=\d+&sc=s&sig=[\w-]+/);
          } else {
            await expectCell(stream, status, code, `stream ${label}`);
          }
          const page = await call(server.url, who[actor], `/v/${videoId}${q}`);
          const pageStatus = status === 404 ? 404 : code?.startsWith('share_link_') ? 403 : 200;
          cells++;
          expect(page.status, `page ${label}`).toBe(pageStatus);
          const html = await page.text();
          if (code === 'password_required') expect(html).toContain('This video is protected');
          // the error page names its refusal (in the HTML, or in the payload React renders it from)
          if (pageStatus === 403) expect(html.includes(`data-code="${code}"`) || html.includes(`\\"data-code\\":\\"${code}\\"`), `page ${label}: ${code}`).toBe(true);
          if (pageStatus === 404) expect(html).not.toContain('Quarterly plan');
        }
      }
    });

    it('changing and sharing: only the owner or an admin', async () => {
      await setState('link');
      const expectations: Record<Actor, [number, number, number]> = {
        // PATCH, POST share-link, GET share-links
        anonymous: [401, 401, 401],
        other: [404, 404, 404],
        owner: [200, 201, 200],
        admin: [200, 201, 200],
      };
      for (const actor of ACTORS) {
        const [patch, create, list] = expectations[actor];
        await expectCell(await call(server.url, who[actor], `/api/v1/videos/${videoId}`, { method: 'PATCH', body: { title: 'Quarterly plan' } }), patch, null, `patch ${actor}`);
        await expectCell(await call(server.url, who[actor], `/api/v1/videos/${videoId}/share-links`, { method: 'POST', body: { expiresInSeconds: 60 } }), create, null, `share ${actor}`);
        await expectCell(await call(server.url, who[actor], `/api/v1/videos/${videoId}/share-links`), list, null, `links ${actor}`);
        await expectCell(await call(server.url, who[actor], `/api/v1/videos/${videoId}/share-links/${encodeURIComponent(tokens.valid!)}`, { method: 'DELETE' }), actor === 'anonymous' ? 401 : actor === 'other' ? 404 : 204, null, `revoke ${actor}`);
        // re-issue the valid token's role for the next actor
        if (actor === 'owner' || actor === 'admin') {
          tokens.valid = ((await (await call(server.url, who.owner, `/api/v1/videos/${videoId}/share-links`, { method: 'POST', body: { expiresInSeconds: 3600 } })).json()) as { token: string }).token;
        }
        await expectCell(await call(server.url, who[actor], `/api/v1/recordings/${sessionId}/control`, { method: 'POST', body: { action: 'pause' } }), actor === 'anonymous' ? 401 : actor === 'other' ? 404 : 409, null, `control ${actor}`);
        await expectCell(await call(server.url, who[actor], '/api/v1/videos'), actor === 'anonymous' ? 401 : 200, null, `list ${actor}`);
      }
      // the library lists only one's own videos
      const mine = (await (await call(server.url, who.other, '/api/v1/videos')).json()) as { videos: Array<{ id: string }> };
      expect(mine.videos.map((v) => v.id)).toEqual([otherVideoId]);
    });

    it('uploads: the tus upload of a session belongs to its owner', async () => {
      for (const actor of ACTORS) {
        const h = { 'Tus-Resumable': '1.0.0', ...(who[actor].cookie ? { cookie: who[actor].cookie! } : {}) };
        const expected = actor === 'anonymous' ? 401 : actor === 'other' ? 404 : 200;
        const head = await fetch(uploadUrl, { method: 'HEAD', headers: h });
        cells++;
        expect(head.status, `tus HEAD ${actor}`).toBe(expected);
        const get = await fetch(uploadUrl, { headers: h });
        cells++;
        expect(get.status, `tus GET raw bytes ${actor}`).toBe(expected);
        await get.arrayBuffer();
        const patch = await fetch(uploadUrl, { method: 'PATCH', headers: { ...h, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, body: new Uint8Array(4) });
        cells++;
        expect(patch.status, `tus PATCH ${actor}`).toBe(actor === 'anonymous' ? 401 : actor === 'other' ? 404 : 409); // owner: offset conflict, upload complete
        const create = await fetch(`${server.url}/api/v1/uploads`, {
          method: 'POST',
          headers: { ...h, 'Upload-Length': '4', 'Upload-Metadata': `sessionId ${Buffer.from(sessionId).toString('base64')}` },
        });
        cells++;
        expect(create.status, `tus POST on the owner's session ${actor}`).toBe(actor === 'anonymous' ? 401 : actor === 'other' ? 404 : 409);
      }
    });

    it('media: unsigned, tampered, foreign, swapped and traversal URLs never return a byte', async () => {
      await setState('link');
      const a = (await (await call(server.url, who.owner, `/api/v1/streams/${videoId}`)).json()) as { renditions: Array<{ url: string }>; poster: string };
      const b = (await (await call(server.url, who.other, `/api/v1/streams/${otherVideoId}`)).json()) as { renditions: Array<{ url: string }> };
      const segA = a.renditions[0]!.url.replace('index.m3u8', 'seg_0000.ts');
      const [pathA, queryA] = segA.split('?') as [string, string];
      const [pathB, queryB] = b.renditions[0]!.url.replace('index.m3u8', 'seg_0000.ts').split('?') as [string, string];
      const params = new URLSearchParams(queryA);
      const sig = params.get('sig')!;
      const exp = params.get('exp')!;
      const ok = await fetch(server.url + segA);
      cells++;
      expect(ok.status).toBe(200);
      const bad: Array<[string, number]> = [
        [pathA, 403], // unsigned
        [`${pathA}?exp=${exp}&sig=${sig.slice(0, -3)}AAA`, 403], // tampered signature
        [`${pathA}?exp=${Number(exp) + 60}&sig=${sig}`, 403], // extended expiry
        [`${pathA}?exp=1000000000&sig=${sig}`, 403], // expired and wrong
        [`${pathA}?${queryB}`, 403], // another video's signature
        [`${pathB}?${queryA}`, 403], // swapped
        [`/media/videos/${videoId}/../${otherVideoId}/x.ts?${queryA}`, 404],
        [`/media/videos/..%2F..%2Fdb%2FPG_VERSION?${queryA}`, 404],
        [`/media/uploads/${uploadUrl.split('/').pop()}?${queryA}`, 404],
        [a.poster.split('?')[0]!, 403],
      ];
      for (const [p, status] of bad) {
        const res = await fetch(server.url + p);
        cells++;
        expect(res.status, p).toBe(status);
        const body = Buffer.from(await res.arrayBuffer());
        expect(body[0], p).not.toBe(0x47); // no MPEG-TS bytes
      }
    });

    it('guessed ids and a share token used on another video', async () => {
      await setState('private');
      for (const actor of ACTORS) {
        await expectCell(await call(server.url, who[actor], '/api/v1/videos/7f1c4a52-0000-4000-8000-000000000000'), 404, 'video_not_found', `guess ${actor}`);
      }
      // other's (link) video with the owner's token is still fine; owner's private video with a token for another video is not
      await expectCell(await call(server.url, ANON, `/api/v1/streams/${videoId}?token=${encodeURIComponent('x'.repeat(43))}`), 403, 'share_link_invalid', 'made-up token');
      const foreign = ((await (await call(server.url, who.other, `/api/v1/videos/${otherVideoId}/share-links`, { method: 'POST', body: { expiresInSeconds: 600 } })).json()) as { token: string }).token;
      await expectCell(await call(server.url, ANON, `/api/v1/streams/${videoId}?token=${encodeURIComponent(foreign)}`), 403, 'share_link_invalid', 'token of another video');
    });

    it('a wrong video password is throttled; the right one unlocks for this browser only', async () => {
      await setState('password');
      const viewer: Caller = {};
      for (let i = 0; i < 5; i++) {
        await expectCell(await call(server.url, viewer, `/api/v1/videos/${videoId}/unlock`, { method: 'POST', body: { password: `guess-${i}` } }), 403, 'wrong_password', `guess ${i}`);
      }
      const throttled = await call(server.url, viewer, `/api/v1/videos/${videoId}/unlock`, { method: 'POST', body: { password: 'open sesame' } });
      cells++;
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
      // another address (as the trusted proxy reports it) is not throttled, and the right password gives a cookie that opens the stream
      const elsewhere = await call(server.url, viewer, `/api/v1/videos/${videoId}/unlock`, { method: 'POST', body: { password: 'open sesame' }, headers: { 'x-forwarded-for': '203.0.113.9' } });
      cells++;
      expect(elsewhere.status).toBe(200);
      const unlock = (elsewhere.headers.get('set-cookie') ?? '').split(';')[0]!;
      expect(elsewhere.headers.get('set-cookie')).toMatch(/HttpOnly/);
      await expectCell(await call(server.url, { cookie: unlock }, `/api/v1/streams/${videoId}`), 200, null, 'unlocked stream');
      // changing the password ends earlier unlocks
      await call(server.url, who.owner, `/api/v1/videos/${videoId}`, { method: 'PATCH', body: { password: 'new secret' } });
      await expectCell(await call(server.url, { cookie: unlock }, `/api/v1/streams/${videoId}`), 403, 'password_required', 'unlock after password change');
    });
  });
}
