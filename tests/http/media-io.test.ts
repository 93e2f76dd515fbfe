import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCorpus, type CorpusItem } from '../../bench/campaign/corpus';
import { ANON, call, signUpVia, type Caller } from '../helpers/client';
import { BACKENDS, createTestDatabase, postgresAvailable, tempDir, type TestDatabase } from '../helpers/databases';
import { makeVideo } from '../helpers/media';
import { pollUntil } from '../helpers/poll';
import { startServer, type RunningServer } from '../helpers/server';

const pgUp = await postgresAvailable();

/** Ten formats people bring from elsewhere (from the campaign's corpus), each expected to play. */
const FORMATS = ['HEVC', 'VP9 + Opus', 'AV1', 'MPEG-2 in MPEG-TS', 'ProRes in MOV', 'variable frame rate', 'a WebM behind an .mp4 name', '10-bit H.264', 'portrait phone video, rotated 90°', 'no audio'];

interface Created {
  videoId: string;
  uploadUrl: string;
  uploadMetadata: Record<string, string>;
}

for (const kind of BACKENDS) {
  const d = kind === 'postgres' && !pgUp ? describe.skip : describe;
  d(`imports and downloads [${kind}]`, () => {
    let server: RunningServer;
    let dir: string;
    let testDb: TestDatabase | undefined;
    let owner: Caller;
    let other: Caller;
    let corpus: CorpusItem[] = [];

    beforeAll(async () => {
      dir = tempDir(`media-io-${kind}`);
      const env: Record<string, string> = {};
      if (kind === 'postgres') {
        testDb = await createTestDatabase('postgres');
        env.DATABASE_URL = testDb.url!;
      }
      server = await startServer(path.join(dir, 'data'), env);
      await signUpVia(server.url, 'Admin');
      owner = await signUpVia(server.url, 'Owner');
      other = await signUpVia(server.url, 'Other');
      corpus = makeCorpus(path.join(dir, 'corpus'), [...FORMATS, 'a text file']);
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
      await testDb?.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const createImport = async (c: Caller, body: Record<string, unknown>) => call(server.url, c, '/api/v1/imports', { method: 'POST', body });
    const video = async (id: string, c: Caller = owner) => (await (await call(server.url, c, `/api/v1/videos/${id}`)).json()) as Record<string, unknown> & { status: string; durationMs: number; error?: { code: string; message: string } };
    const settle = (id: string) => pollUntil(() => video(id), (v) => v.status === 'ready' || v.status === 'failed', { timeout: 120_000, interval: 250 });

    function tusUpload(file: string, created: Created, c: Caller, opts: { chunkSize?: number; stopAfter?: number } = {}): Promise<string> {
      return new Promise((resolve, reject) => {
        const data = fs.readFileSync(file);
        const upload = new tus.Upload(data, {
          endpoint: created.uploadUrl,
          headers: { cookie: c.cookie ?? '' },
          metadata: created.uploadMetadata,
          chunkSize: opts.chunkSize ?? Infinity,
          onProgress: (sent) => {
            if (opts.stopAfter !== undefined && sent >= opts.stopAfter) {
              void upload.abort().then(() => resolve(upload.url ?? ''));
            }
          },
          onSuccess: () => resolve(upload.url ?? ''),
          onError: reject,
        });
        upload.start();
      });
    }

    it('imports ten formats with tus-js-client; each plays, a text file fails with a reason', { timeout: 600_000 }, async () => {
      const results: string[] = [];
      for (const item of corpus) {
        const res = await createImport(owner, { filename: item.filename, size: fs.statSync(item.file).size, filetype: item.filetype });
        expect(res.status).toBe(201);
        const created = (await res.json()) as Created;
        expect(created.uploadUrl).toMatch(/^http:\/\/.+\/api\/v1\/uploads$/);
        expect(created.uploadMetadata.filename).toBe(item.filename);
        await tusUpload(item.file, created, owner);
        const v = await settle(created.videoId);
        results.push(`${item.name}: ${v.status}${v.error ? ` (${v.error.message})` : ''}`);
        if (item.expect === 'plays') {
          expect(v.status, item.name).toBe('ready');
          expect(v.title).toBe(item.filename.replace(/\.[a-z0-9]+$/, ''));
          const stream = await call(server.url, owner, `/api/v1/streams/${created.videoId}`);
          expect(stream.status, item.name).toBe(200);
        } else {
          expect(v.status, item.name).toBe('failed');
          expect(v.error!.message).toMatch(/not a video/i);
        }
      }
      console.log(`imports [${kind}]:\n  ${results.join('\n  ')}`);
    });

    it('an import closed half-way resumes from where it stopped (another client, same upload URL)', { timeout: 180_000 }, async () => {
      const file = makeVideo(path.join(dir, 'long.mp4'), { width: 1280, height: 720, seconds: 12 });
      const size = fs.statSync(file).size;
      const created = (await (await createImport(owner, { filename: 'long.mp4', size, title: 'Resumed' })).json()) as Created;
      const url = await tusUpload(file, created, owner, { chunkSize: 256 * 1024, stopAfter: size / 2 });
      expect(url).toContain('/api/v1/uploads/');
      const head = await fetch(url, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', cookie: owner.cookie! } });
      const offset = Number(head.headers.get('upload-offset'));
      expect(offset).toBeGreaterThan(0);
      expect(offset).toBeLessThan(size);
      expect((await video(created.videoId)).status).toBe('uploading');
      // a second tus client (another tab) resumes by URL: only the rest is sent
      let firstOffset = -1;
      await new Promise<void>((resolve, reject) => {
        new tus.Upload(fs.readFileSync(file), {
          uploadUrl: url,
          headers: { cookie: owner.cookie! },
          chunkSize: 1 << 20,
          onProgress: (sent) => {
            if (firstOffset < 0) firstOffset = sent;
          },
          onSuccess: () => resolve(),
          onError: reject,
        }).start();
      });
      expect(firstOffset).toBeGreaterThanOrEqual(offset);
      const v = await settle(created.videoId);
      expect(v.status).toBe('ready');
      expect(v.durationMs).toBeGreaterThan(11_500);
      // someone else cannot touch it
      expect((await fetch(url, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', cookie: other.cookie! } })).status).toBe(404);
    });

    it('refuses bad imports with a clear error', async () => {
      expect((await createImport(ANON, { filename: 'a.mp4', size: 10 })).status).toBe(401);
      const empty = await createImport(owner, { filename: 'a.mp4', size: 0 });
      expect(empty.status).toBe(400);
      const huge = await createImport(owner, { filename: 'a.mp4', size: 10 * 2 ** 40 });
      expect(huge.status).toBe(413);
      expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('import_too_large');
      // an upload of another length than the import declared
      const created = (await (await createImport(owner, { filename: 'a.mp4', size: 1000 })).json()) as Created;
      const res = await fetch(created.uploadUrl, {
        method: 'POST',
        headers: { 'tus-resumable': '1.0.0', cookie: owner.cookie!, 'upload-length': '999', 'upload-metadata': Object.entries(created.uploadMetadata).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',') },
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('size_mismatch');
    });

    it('downloads an MP4: owner always, viewers once allowed; made once, then served with Range', { timeout: 180_000 }, async () => {
      const file = makeVideo(path.join(dir, 'dl.mp4'), { width: 640, height: 360, seconds: 6 });
      const created = (await (await createImport(owner, { filename: 'plan.mp4', title: 'Quarterly plan: Q3/Q4 “draft”', size: fs.statSync(file).size })).json()) as Created;
      await tusUpload(file, created, owner);
      expect((await settle(created.videoId)).status).toBe('ready');
      const url = `/api/v1/videos/${created.videoId}/download`;
      expect((await video(created.videoId)).canDownload).toBe(true);
      expect((await video(created.videoId, other)).canDownload).toBe(false);

      const first = await call(server.url, owner, url);
      if (first.status !== 200) console.log(server.output().slice(-3000));
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('video/mp4');
      expect(first.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Quarterly plan Q3 Q4 “draft”.mp4')}`);
      const bytes = Buffer.from(
        await first.arrayBuffer().catch((e: unknown) => {
          console.log(server.output().slice(-3000));
          throw e;
        }),
      );
      const out = path.join(dir, 'got.mp4');
      fs.writeFileSync(out, bytes);
      const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', out]).toString()) as { format: { duration: string }; streams: { codec_name: string }[] };
      expect(Number(probe.format.duration)).toBeCloseTo(6, 0);
      expect(probe.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);

      // kept beside the version: the same bytes again, and a part of them
      const again = await pollUntil(() => call(server.url, owner, url, { headers: { range: 'bytes=0-99' } }), (r) => r.status === 206, { timeout: 10_000 });
      expect(again.headers.get('content-range')).toBe(`bytes 0-99/${bytes.length}`);
      expect(Buffer.from(await again.arrayBuffer())).toEqual(bytes.subarray(0, 100));

      // a viewer: not until the owner allows it
      const refused = await call(server.url, other, url);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('downloads_off');
      expect((await call(server.url, owner, `/api/v1/videos/${created.videoId}`, { method: 'PATCH', body: { downloads: true } })).status).toBe(200);
      expect((await video(created.videoId, other)).canDownload).toBe(true);
      expect((await call(server.url, other, url)).status).toBe(200);
      // ...and never past the video's access: private again, the viewer gets nothing
      expect((await call(server.url, owner, `/api/v1/videos/${created.videoId}`, { method: 'PATCH', body: { visibility: 'private' } })).status).toBe(200);
      expect((await call(server.url, other, url)).status).toBe(404);
      expect((await call(server.url, ANON, url)).status).toBe(404);
    });
  });
}
