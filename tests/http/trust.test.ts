import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, call, signUpVia, type Caller } from '../helpers/client';
import { BACKENDS, createTestDatabase, postgresAvailable, tempDir, type TestDatabase } from '../helpers/databases';
import { makeVideo } from '../helpers/media';
import { startServer, type RunningServer } from '../helpers/server';
import { pollUntil } from '../helpers/poll';
import { sseReader } from '../helpers/sse';
import { uploadVideoFile } from '../helpers/upload';

/**
 * What ends when access ends, and the one front door, against the production build on PGlite and
 * PostgreSQL: signed media URLs open only what they were issued for and die with the access that
 * minted them (a revoked link, a narrowed visibility, a password, a deletion); event streams end
 * when access does; the Host, forwarded headers and bodies without a length are held at the door.
 */
const pgUp = await postgresAvailable();

interface Stream {
  master: string;
  poster: string | null;
  renditions: Array<{ url: string }>;
}

for (const kind of BACKENDS) {
  const d = kind === 'postgres' && !pgUp ? describe.skip : describe;
  d(`trust [${kind}]`, () => {
    let server: RunningServer;
    let dir: string;
    let testDb: TestDatabase | undefined;
    let owner: Caller;
    let file = '';
    const abs = (u: string) => new URL(u, server.url).toString();
    const get = (u: string, headers: Record<string, string> = {}) => fetch(abs(u), { headers, redirect: 'manual' });

    async function newVideo(visibility: 'private' | 'link' | 'public'): Promise<string> {
      const { videoId } = await uploadVideoFile(server.url, owner, file, { title: `Trust ${visibility}` });
      expect((await call(server.url, owner, `/api/v1/videos/${videoId}`, { method: 'PATCH', body: { visibility } })).status).toBe(200);
      return videoId;
    }
    /** One link video for the tests that need any playable video (made once, on first use). */
    let shared: Promise<string> | null = null;
    const sharedVideo = () => (shared ??= newVideo('link'));
    async function streamOf(id: string, as: Caller = ANON, token?: string): Promise<Stream> {
      const res = await call(server.url, as, `/api/v1/streams/${id}${token ? `?token=${encodeURIComponent(token)}` : ''}`);
      expect(res.status).toBe(200);
      return (await res.json()) as Stream;
    }
    /** The first segment URL of a stream (the rendition playlist read with its signature). */
    async function segmentOf(s: Stream): Promise<string> {
      const playlist = abs(s.renditions[0]!.url);
      const text = await (await get(playlist)).text();
      const line = text.split('\n').find((l) => l.trim() && !l.startsWith('#'))!;
      return new URL(line.trim(), playlist).toString();
    }
    /** Waits (at most 5 s) until every URL answers `status`. */
    async function allAnswer(urls: string[], status: number) {
      const started = Date.now();
      await pollUntil(async () => Promise.all(urls.map(async (u) => (await get(u)).status)), (codes) => codes.every((c) => c === status), { timeout: 5000, interval: 100, what: `waiting for ${status}` });
      return Date.now() - started;
    }

    beforeAll(async () => {
      dir = tempDir(`trust-${kind}`);
      const env: Record<string, string> = {};
      if (kind === 'postgres') {
        testDb = await createTestDatabase('postgres');
        env.DATABASE_URL = testDb.url!;
      }
      server = await startServer(dir, env);
      await signUpVia(server.url, 'Admin');
      owner = await signUpVia(server.url, 'Owner');
      file = makeVideo(path.join(dir, 'src.mp4'), { width: 320, height: 180, seconds: 4 });
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
      await testDb?.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    describe('a signature opens only what it was issued for', () => {
      it("an unfurl image's signature opens that image and nothing else of the video", async () => {
        const id = await newVideo('public');
        const oembed = (await (await get(`/api/v1/oembed?url=${encodeURIComponent(`${server.url}/v/${id}`)}`)).json()) as { thumbnail_url: string };
        const image = new URL(oembed.thumbnail_url);
        expect((await get(image.toString())).status).toBe(200);
        const s = await streamOf(id);
        const q = image.search;
        const others = [s.master, s.renditions[0]!.url, await segmentOf(s), s.poster!.replace(/poster\.jpg.*/, 'storyboard.jpg')].map((u) => {
          const x = new URL(abs(u));
          return `${x.origin}${x.pathname}${q}`;
        });
        for (const u of others) expect((await get(u)).status, u).toBe(403);
        // a forged scope on the same signature
        for (const u of others) expect((await get(u.replace('sc=f', 'sc=s'))).status, u).toBe(403);
        // and the page's og:image is the same kind of URL
        const page = await (await get(`/v/${id}`)).text();
        const og = /property="og:image" content="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
        expect(og).toBeTruthy();
        expect(new URL(og!).searchParams.get('sc')).toBe('f');
      });

      it('a stream signature does not open another video, and no signature opens nothing', async () => {
        const a = await newVideo('link');
        const b = await newVideo('link');
        const sa = await streamOf(a);
        const sb = await streamOf(b);
        const qa = new URL(abs(sa.master)).search;
        const mb = new URL(abs(sb.master));
        expect((await get(`${mb.origin}${mb.pathname}${qa}`)).status).toBe(403);
        expect((await get(`${mb.origin}${mb.pathname}`)).status).toBe(403);
        const seg = await segmentOf(sa);
        const res = await get(seg);
        expect(res.status).toBe(200);
        // an edge may keep a segment for one signed URL for 30 s at most
        expect(res.headers.get('cache-control')).toMatch(/s-maxage=30/);
      });
    });

    describe('revocation ends every media URL within seconds', () => {
      it('revoking the share link that opened a private video', async () => {
        const id = await newVideo('private');
        const link = (await (await call(server.url, owner, `/api/v1/videos/${id}/share-links`, { method: 'POST', body: { expiresInSeconds: 3600 } })).json()) as { token: string };
        const s = await streamOf(id, ANON, link.token);
        const urls = [abs(s.master), abs(s.renditions[0]!.url), await segmentOf(s), abs(s.poster!)];
        for (const u of urls) expect((await get(u)).status, u).toBe(200);
        expect((await call(server.url, owner, `/api/v1/videos/${id}/share-links/${encodeURIComponent(link.token)}`, { method: 'DELETE' })).status).toBe(204);
        const ms = await allAnswer(urls, 403);
        console.log(`[${kind}] revoked link: old URLs refused after ${ms} ms`);
        // the owner gets fresh URLs that play
        const fresh = await streamOf(id, owner);
        expect((await get(await segmentOf(fresh))).status).toBe(200);
      });

      it('URLs handed out through an expiring link end when the link does', async () => {
        const id = await newVideo('private');
        const link = (await (await call(server.url, owner, `/api/v1/videos/${id}/share-links`, { method: 'POST', body: { expiresInSeconds: 3 } })).json()) as { token: string; expiresAt: string };
        const res = await call(server.url, ANON, `/api/v1/streams/${id}?token=${encodeURIComponent(link.token)}`);
        const s = (await res.json()) as Stream & { expiresAt: string };
        expect(Date.parse(s.expiresAt)).toBeLessThanOrEqual(Date.parse(link.expiresAt));
        const seg = await segmentOf(s);
        expect((await get(seg)).status).toBe(200);
        await pollUntil(async () => Date.now(), (now) => now > Date.parse(link.expiresAt) + 1000, { timeout: 10_000, interval: 200 });
        expect((await get(seg)).status).toBe(403);
        // the owner's URLs are not tied to the link
        const mine = (await (await call(server.url, owner, `/api/v1/streams/${id}`)).json()) as Stream & { expiresAt: string };
        expect(Date.parse(mine.expiresAt)).toBeGreaterThan(Date.now() + 60_000);
      });

      it.each([
        ['link → private', 'link', { visibility: 'private' }],
        ['public → link', 'public', { visibility: 'link' }],
        ['public + a password', 'public', { password: 'open sesame' }],
        ['link + a password', 'link', { password: 'open sesame' }],
      ] as const)('%s', async (_label, from, patch) => {
        const id = await newVideo(from);
        const s = await streamOf(id);
        const urls = [abs(s.master), await segmentOf(s), abs(s.poster!)];
        for (const u of urls) expect((await get(u)).status).toBe(200);
        expect((await call(server.url, owner, `/api/v1/videos/${id}`, { method: 'PATCH', body: patch })).status).toBe(200);
        await allAnswer(urls, 403);
      });

      it('deleting the video, and an unfurl image of a video no longer visible', async () => {
        const id = await newVideo('public');
        const image = ((await (await get(`/api/v1/oembed?url=${encodeURIComponent(`${server.url}/v/${id}`)}`)).json()) as { thumbnail_url: string }).thumbnail_url;
        const s = await streamOf(id);
        const seg = await segmentOf(s);
        expect((await call(server.url, owner, `/api/v1/videos/${id}`, { method: 'PATCH', body: { visibility: 'private' } })).status).toBe(200);
        await allAnswer([image], 403);
        const id2 = await newVideo('public');
        const s2 = await streamOf(id2);
        const urls = [abs(s2.master), await segmentOf(s2)];
        expect((await call(server.url, owner, `/api/v1/videos/${id2}`, { method: 'DELETE' })).status).toBe(204);
        await allAnswer(urls, 403);
        expect((await get(seg)).status).toBe(403);
      });
    });

    describe('event streams end when access ends', () => {
      it('an anonymous stream on a public video gets access_ended, and nothing after, when the video is made private', async () => {
        const id = await newVideo('public');
        const ctl = new AbortController();
        const res = await fetch(`${server.url}/api/v1/videos/${id}/events`, { signal: ctl.signal });
        expect(res.status).toBe(200);
        const sse = sseReader(res);
        await sse.until(() => sse.text().includes('event: video'), 5000);
        expect(sse.text()).toContain('event: video');
        const before = sse.text().length;
        expect(
          (await call(server.url, owner, `/api/v1/videos/${id}`, { method: 'PATCH', body: { visibility: 'private', password: 'pw pw pw', title: 'Secret new title' } })).status,
        ).toBe(200);
        await sse.until(() => sse.text().includes('event: access_ended'), 10_000);
        const after = sse.text().slice(before);
        expect(after).toContain('event: access_ended');
        expect(after).not.toContain('Secret new title');
        expect(after).not.toContain('sig=');
        // the server closed it
        await sse.until(() => false, 3000);
        expect(sse.closed()).toBe(true);
        ctl.abort();
      });

      it('the notification stream ends at log-out', async () => {
        const viewer = await signUpVia(server.url, 'Viewer');
        const res = await fetch(`${server.url}/api/v1/notifications/events`, { headers: { cookie: viewer.cookie } });
        const sse = sseReader(res);
        await sse.until(() => sse.text().includes('event: inbox'), 5000);
        expect((await call(server.url, viewer, '/api/v1/auth/logout', { method: 'POST', headers: { origin: server.url } })).status).toBeLessThan(300);
        await sse.until(() => sse.closed(), 12_000);
        const text = sse.text();
        expect(text).toContain('event: access_ended');
      });
    });

    describe('every writer is throttled', () => {
      it('a signed-in burst of 40 comments: 10 are taken, the rest 429 with Retry-After, and the owner gets one notice for the burst', async () => {
        const id = await newVideo('link');
        const title = `Burst ${id.slice(0, 8)}`;
        expect((await call(server.url, owner, `/api/v1/videos/${id}`, { method: 'PATCH', body: { title } })).status).toBe(200);
        const fan = await signUpVia(server.url, 'Fan');
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) => call(server.url, fan, `/api/v1/videos/${id}/comments`, { method: 'POST', body: { text: `comment ${i}`, atSec: 1 }, headers: { origin: server.url } })),
        );
        const codes = results.map((r) => r.status);
        expect(codes.filter((c) => c === 201)).toHaveLength(10);
        expect(codes.filter((c) => c === 429)).toHaveLength(30);
        expect(Number(results.find((r) => r.status === 429)!.headers.get('retry-after'))).toBeGreaterThan(0);
        // reactions: 60 a minute per account
        const reacts = await Promise.all(Array.from({ length: 70 }, () => call(server.url, fan, `/api/v1/videos/${id}/reactions`, { method: 'POST', body: { emoji: '👍', atSec: 1 }, headers: { origin: server.url } })));
        expect(reacts.filter((r) => r.status === 201)).toHaveLength(60);
        expect(reacts.filter((r) => r.status === 429)).toHaveLength(10);
        const mine = await pollUntil(
          async () => ((await (await call(server.url, owner, '/api/v1/notifications')).json()) as { items: Array<{ message: string }> }).items.filter((n) => n.message.includes(title) && n.message.includes('comment')),
          (list) => list.length > 0,
          { timeout: 20_000, what: 'the comment notice' },
        );
        // give a second window the chance to (wrongly) add more
        await new Promise((r) => setTimeout(r, 3000));
        const after = ((await (await call(server.url, owner, '/api/v1/notifications')).json()) as { items: Array<{ message: string }> }).items.filter((n) => n.message.includes(title) && n.message.includes('comment'));
        expect(after.length).toBeLessThanOrEqual(2);
        expect(mine[0]!.message).toMatch(/Fan (commented|left \d+ comments)/);
      });

      it('the comment list is paged by cursor: every comment once, in order', async () => {
        const id = await newVideo('link');
        const authors = await Promise.all([0, 1, 2].map((i) => signUpVia(server.url, `Pager${i}`)));
        for (const [a, who] of authors.entries()) {
          for (let i = 0; i < 8; i++) {
            const r = await call(server.url, who, `/api/v1/videos/${id}/comments`, { method: 'POST', body: { text: `p${a}-${i}`, atSec: i }, headers: { origin: server.url } });
            expect(r.status).toBe(201);
          }
        }
        const seen: string[] = [];
        const sizes: number[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 10; page++) {
          const q: string = `?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const body = (await (await call(server.url, owner, `/api/v1/videos/${id}/comments${q}`)).json()) as { comments: Array<{ text: string }>; nextCursor: string | null };
          sizes.push(body.comments.length);
          seen.push(...body.comments.map((c) => c.text));
          cursor = body.nextCursor;
          if (!cursor) break;
        }
        expect(sizes).toEqual([10, 10, 4]);
        expect(seen).toEqual(authors.flatMap((_, a) => Array.from({ length: 8 }, (_, i) => `p${a}-${i}`)));
        expect((await call(server.url, owner, `/api/v1/videos/${id}/comments?cursor=bogus`)).status).toBe(400);
        expect((await call(server.url, owner, `/api/v1/videos/${id}/comments?limit=1000`)).status).toBe(400);
      });

      it("a guest who takes the owner's name is marked as a guest", async () => {
        const id = await newVideo('link');
        const title = `Guest ${id.slice(0, 8)}`;
        expect((await call(server.url, owner, `/api/v1/videos/${id}`, { method: 'PATCH', body: { title, comments: 'anyone' } })).status).toBe(200);
        const r = await call(server.url, ANON, `/api/v1/videos/${id}/comments`, { method: 'POST', body: { text: 'I am the owner', atSec: 0, name: 'Owner' }, headers: { origin: server.url } });
        expect(r.status).toBe(201);
        expect(((await r.json()) as { author: { name: string; signedIn: boolean } }).author).toEqual({ name: 'Owner', signedIn: false });
        const notice = await pollUntil(
          async () => ((await (await call(server.url, owner, '/api/v1/notifications')).json()) as { items: Array<{ message: string }> }).items.find((n) => n.message.includes(title) && n.message.includes('comment')),
          (n) => n !== undefined,
          { timeout: 20_000 },
        );
        expect(notice!.message).toContain('Owner (guest)');
      });
    });

    describe('the front door', () => {
      /** A raw request, so that Host and the body are exactly as a script sends them. */
      function raw(opts: { method?: string; path: string; headers?: Record<string, string>; body?: (req: http.ClientRequest) => void }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; sent: number }> {
        return new Promise((resolve, reject) => {
          let sent = 0;
          const req = http.request({ host: '127.0.0.1', port: server.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, setHost: !opts.headers?.host });
          req.on('response', (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sent });
            res.on('end', done);
            // the server closes a refused upload's connection: the answer may end in a reset
            res.on('error', done);
            res.on('close', done);
          });
          req.on('error', (e) => (sent > 0 ? resolve({ status: 0, headers: {}, body: String(e), sent }) : reject(e)));
          if (opts.body) {
            const write = req.write.bind(req);
            req.write = ((chunk: Buffer, ...rest: unknown[]) => {
              sent += chunk.length;
              return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
            }) as typeof req.write;
            opts.body(req);
          } else req.end();
        });
      }

      it('a Host that is not a host name is refused, so a scoped token cannot pass for an upload', async () => {
        const id = await sharedVideo();
        const tok = (await (await call(server.url, owner, '/api/v1/tokens', { method: 'POST', body: { name: 'ext', scope: 'recording' } })).json()) as { token: string };
        const auth = { authorization: `Bearer ${tok.token}` };
        for (const host of [`127.0.0.1:${server.port}/api/v1/uploads?`, 'a b', 'x/y', 'x?y', 'x#y', 'x@y']) {
          const r = await raw({ path: `/api/v1/streams/${id}`, headers: { ...auth, host } });
          expect(r.status, host).toBe(400);
        }
        expect((await raw({ path: `/api/v1/videos/${id}`, headers: { ...auth, host: `127.0.0.1:${server.port}/api/v1/uploads?` } })).status).toBe(400);
        const ok = await raw({ path: `/api/v1/streams/${id}`, headers: auth });
        expect(ok.status).toBe(403);
        expect(JSON.parse(ok.body).error.code).toBe('insufficient_scope');
      });

      it('the same security headers on every answer, hot routes included', async () => {
        const id = await sharedVideo();
        const s = await streamOf(id);
        for (const u of ['/api/v1/health', `/api/v1/streams/${id}`, s.master, await segmentOf(s), '/login', '/api/v1/streams/nope']) {
          const r = await get(u);
          for (const h of ['permissions-policy', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy']) expect(r.headers.get(h), `${h} on ${u}`).toBeTruthy();
        }
        const embed = await get(`/embed/${id}`);
        expect(embed.headers.get('x-frame-options')).toBeNull();
        expect(embed.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
        expect(embed.headers.get('permissions-policy')).toBeTruthy();
      });

      it('forwarded headers from a client do not rewrite the links Weft hands out', async () => {
        const id = await newVideo('public');
        const forged = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', forwarded: 'host=evil.example;proto=https' };
        const o = await raw({ path: `/api/v1/oembed?url=${encodeURIComponent(`${server.url}/v/${id}`)}`, headers: forged });
        expect(o.status).toBe(200);
        expect(o.body).not.toContain('evil.example');
        expect(JSON.parse(o.body).provider_url).toBe(server.url);
        const page = await raw({ path: `/v/${id}`, headers: forged });
        expect(page.body).not.toContain('evil.example');
        const embed = await raw({ path: `/embed/${id}`, headers: forged });
        expect(embed.body).not.toContain('evil.example');
      });

      it.each([
        ['a JSON route', (id: string) => `/api/v1/videos/${id}/comments`],
        ['the playback-event hot route', (id: string) => `/api/v1/videos/${id}/playback-events`],
      ])('a chunked 60 MB body to %s is refused with 413 long before it is all sent', { timeout: 120_000 }, async (_l, pathOf) => {
        const id = await sharedVideo();
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const r = await raw({
          method: 'POST',
          path: pathOf(id),
          headers: { 'content-type': 'application/json', cookie: owner.cookie ?? '', origin: server.url, 'transfer-encoding': 'chunked' },
          body: (req) => {
            let n = 0;
            const pump = () => {
              while (n < 960 && !req.destroyed) {
                n++;
                if (!req.write(chunk)) return void req.once('drain', pump);
              }
              req.end();
            };
            req.once('response', () => (n = 960));
            pump();
          },
        });
        if (r.status !== 0) expect(r.status).toBe(413);
        expect(r.sent).toBeLessThan(16 * 1024 * 1024);
      });
    });
  });
}
