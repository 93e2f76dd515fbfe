import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMasterPlaylist, parseMediaPlaylist } from '@/lib/process/media/hls';
import type { s3Storage } from '@/lib/platform/storage/s3';
import { authHeaders, signUpVia } from '../helpers/client';
import { createTestDatabase, postgresAvailable, tempDir, type TestDatabase } from '../helpers/databases';
import { makeVideo } from '../helpers/media';
import { pollUntil } from '../helpers/poll';
import { startServer, type RunningServer } from '../helpers/server';
import { createLiveUpload, patchUpload } from '../helpers/upload';
import { readObject, startLocalS3, type LocalS3 } from '../helpers/storage';

const pgUp = await postgresAvailable();
const BUCKET = 'weft-http';

interface VideoJson {
  id: string;
  status: string;
}

/**
 * The distributed mode on a bucket: two web nodes (each with its inline worker) on one PostgreSQL
 * and one S3-compatible server; node A serves media through its origin, node B sends viewers to
 * the bucket (WEFT_MEDIA_DELIVERY=direct). No media byte is kept on either node's disk.
 */
describe.skipIf(!pgUp)('media in an S3 bucket, two web nodes [postgres, s3]', () => {
  let testDb: TestDatabase;
  let s3: LocalS3;
  let bucket: ReturnType<typeof s3Storage>;
  let a: RunningServer;
  let b: RunningServer;
  let dir: string;
  let owner: Awaited<ReturnType<typeof signUpVia>>;
  let sql: postgres.Sql;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    dir = tempDir('s3-http');
    s3 = await startLocalS3(path.join(dir, 'bucket'));
    bucket = s3.storage(BUCKET, path.join(dir, 'test-scratch'));
    testDb = await createTestDatabase('postgres');
    sql = postgres(testDb.url!, { max: 1 });
    // a delete's objects go after a 2 s undo window (the default is 10 minutes)
    const env = { ...s3.env(BUCKET), DATABASE_URL: testDb.url!, WEFT_DELETE_UNDO_SECONDS: '2' };
    // one after the other: the first one migrates the database
    a = await startServer(path.join(dir, 'a'), env);
    b = await startServer(path.join(dir, 'b'), { ...env, WEFT_MEDIA_DELIVERY: 'direct' });
    owner = await signUpVia(a.url, 'Owner');
    files.recorder = makeVideo(path.join(dir, 'src', 'rec.mp4'), { width: 1280, height: 720, seconds: 8, recorder: true });
    files.big = makeVideo(path.join(dir, 'src', 'big.mp4'), { width: 1280, height: 720, seconds: 12 });
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await sql?.end();
    await testDb?.destroy();
    await s3?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function newRecording(server: RunningServer): Promise<{ sessionId: string; videoId: string }> {
    const res = await fetch(`${server.url}/api/v1/recordings`, { method: 'POST', headers: authHeaders(owner), body: '{}' });
    expect(res.status).toBe(201);
    return (await res.json()) as { sessionId: string; videoId: string };
  }

  const video = async (server: RunningServer, id: string) =>
    (await (await fetch(`${server.url}/api/v1/videos/${id}`, { headers: authHeaders(owner) })).json()) as VideoJson;

  /** Media files on a node's own disk (scratch folders aside). */
  function localMedia(server: RunningServer): string[] {
    const media = path.join(server.dataDir, 'media');
    if (!fs.existsSync(media)) return [];
    return (fs.readdirSync(media, { recursive: true }) as string[]).filter((f) => !f.startsWith('.scratch') && fs.statSync(path.join(media, f)).isFile());
  }

  it('a recording uploaded while it runs is followed from the bucket: playable from the live ingest, then ready; no byte on a node’s disk', async () => {
    const rec = await newRecording(a);
    const bytes = fs.readFileSync(files.recorder!);
    // a viewer on node B follows the video over server-sent events while node A's worker processes it
    const seen: string[] = [];
    const sse = new AbortController();
    const following = (async () => {
      const res = await fetch(`${b.url}/api/v1/videos/${rec.videoId}/events`, { headers: authHeaders(owner), signal: sse.signal });
      const reader = res.body!.getReader();
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += Buffer.from(value).toString('utf8');
        for (const m of text.matchAll(/"status":"(\w+)"/g)) if (seen.at(-1) !== m[1]) seen.push(m[1]!);
        text = text.slice(text.lastIndexOf('\n'));
      }
    })().catch(() => undefined);
    // tus by hand, as the recorder does it: length deferred, a piece every 300 ms, the length at Stop
    const create = await createLiveUpload(a.url, owner, rec.sessionId);
    expect(create.status).toBe(201);
    const location = create.uploadUrl;
    const uploadId = location.slice(location.lastIndexOf('/') + 1);
    const pieces = 6;
    const size = Math.ceil(bytes.length / pieces);
    for (let i = 0; i < pieces; i++) {
      const last = i === pieces - 1;
      const res = await patchUpload(location, owner, bytes.subarray(i * size, Math.min(bytes.length, (i + 1) * size)), i * size, last ? bytes.length : undefined);
      expect(res.status).toBe(204);
      if (i === 0) await fetch(`${a.url}/api/v1/recordings/${rec.sessionId}/control`, { method: 'POST', headers: authHeaders(owner), body: JSON.stringify({ action: 'start' }) });
      if (last) await fetch(`${a.url}/api/v1/recordings/${rec.sessionId}/control`, { method: 'POST', headers: authHeaders(owner), body: JSON.stringify({ action: 'stop' }) });
      else await new Promise((r) => setTimeout(r, 300));
    }
    const v = await pollUntil(() => video(a, rec.videoId), (x) => x.status === 'ready' || x.status === 'failed', { timeout: 120_000, interval: 250 });
    expect(v.status).toBe('ready');
    await pollUntil(async () => seen, (x) => x.includes('ready'), { timeout: 10_000, interval: 100 });
    sse.abort();
    await following;
    expect(seen).toContain('playable');
    expect(seen.at(-1)).toBe('ready');
    const [row] = await sql<{ ingest_status: string; ingest_mode: string }[]>`select ingest_status, ingest_mode from uploads where id = ${uploadId}`;
    expect(row).toEqual({ ingest_status: 'done', ingest_mode: 'copy' });
    // the bytes are the recording's, in the bucket; the chunks kept for the live ingest are gone
    expect((await readObject(bucket, `uploads/${uploadId}`)).equals(bytes)).toBe(true);
    expect(await bucket.objects.list(`uploads/${uploadId}.live`)).toEqual([]);
    const outputs = await bucket.objects.list(`videos/${rec.videoId}`);
    expect(outputs.some((k) => k.endsWith('/master.m3u8'))).toBe(true);
    expect(outputs.some((k) => k.endsWith('/poster.jpg'))).toBe(true);
    expect(outputs.some((k) => k.endsWith('/storyboard.vtt'))).toBe(true);
    expect([...localMedia(a), ...localMedia(b)]).toEqual([]);
  }, 180_000);

  it('node A serves the bucket’s media through its origin, with Range and ETag; node B sends players to the bucket', async () => {
    const [vid] = await sql<{ id: string; master_key: string }[]>`select id, master_key from videos where status = 'ready' limit 1`;
    const stream = (await (await fetch(`${a.url}/api/v1/streams/${vid!.id}`, { headers: authHeaders(owner) })).json()) as { master: string };
    const masterUrl = new URL(stream.master, a.url).toString();
    const master = await (await fetch(masterUrl)).text();
    const variant = parseMasterPlaylist(master)[0]!;
    const media = await (await fetch(new URL(variant.uri, masterUrl))).text();
    const segUri = parseMediaPlaylist(media).segments[0]!.uri;
    const segUrl = new URL(segUri, new URL(variant.uri, masterUrl)).toString();
    expect(segUrl.startsWith(a.url)).toBe(true);
    const whole = await fetch(segUrl);
    expect(whole.status).toBe(200);
    const etag = whole.headers.get('etag');
    const body = Buffer.from(await whole.arrayBuffer());
    const key = `${path.posix.dirname(vid!.master_key)}/${variant.uri.split('?')[0]!.replace('index.m3u8', '')}${segUri.split('?')[0]}`;
    expect(body.equals(await readObject(bucket, key))).toBe(true);
    const part = await fetch(segUrl, { headers: { range: 'bytes=188-375' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 188-375/${body.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(188, 376))).toBe(true);
    expect((await fetch(segUrl, { headers: { 'if-none-match': etag! } })).status).toBe(304);

    // node B: the same video, its segments straight from the bucket by presigned URL
    const streamB = (await (await fetch(`${b.url}/api/v1/streams/${vid!.id}`, { headers: authHeaders(owner) })).json()) as { master: string; poster: string | null };
    const masterB = new URL(streamB.master, b.url).toString();
    expect(masterB.startsWith(b.url)).toBe(true);
    const variantB = parseMasterPlaylist(await (await fetch(masterB)).text())[0]!;
    const mediaB = await (await fetch(new URL(variantB.uri, masterB))).text();
    const direct = parseMediaPlaylist(mediaB).segments[0]!.uri;
    expect(direct.startsWith(s3.endpoint)).toBe(true);
    expect(direct).toContain('X-Amz-Signature=');
    const fromBucket = await fetch(direct);
    expect(fromBucket.status).toBe(200);
    expect(Buffer.from(await fromBucket.arrayBuffer()).equals(body)).toBe(true);
    // an image through B's origin is a redirect to the bucket
    expect(streamB.poster).toBeTruthy();
    const poster = await fetch(new URL(streamB.poster!, b.url), { redirect: 'manual' });
    expect(poster.status).toBe(302);
    expect(poster.headers.get('location')!.startsWith(s3.endpoint)).toBe(true);
    const jpeg = Buffer.from(await (await fetch(poster.headers.get('location')!)).arrayBuffer());
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
  }, 60_000);

  it('an upload begun on node A is finished on node B: the stored object is byte-identical, and the video plays', async () => {
    const rec = await newRecording(a);
    const bytes = fs.readFileSync(files.big!);
    const half = 5 * 1024 * 1024 + 12_345; // past one S3 part, and into the next
    expect(bytes.length).toBeGreaterThan(half);
    // on A: the upload is created and its first part sent, then the client "loses" A
    const create = await fetch(`${a.url}/api/v1/uploads`, {
      method: 'POST',
      headers: { ...authHeaders(owner), 'tus-resumable': '1.0.0', 'upload-length': String(bytes.length), 'upload-metadata': `sessionId ${Buffer.from(rec.sessionId).toString('base64')}` },
    });
    expect(create.status).toBe(201);
    const uploadUrl = new URL(create.headers.get('location')!, a.url).toString();
    const first = await patchUpload(uploadUrl, owner, bytes.subarray(0, half), 0);
    expect(first.status).toBe(204);
    const id = uploadUrl.slice(uploadUrl.lastIndexOf('/') + 1);
    // on B: ask where it stands, then send the rest
    const head = await fetch(`${b.url}/api/v1/uploads/${id}`, { method: 'HEAD', headers: { ...authHeaders(owner), 'tus-resumable': '1.0.0' } });
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBe(half);
    const rest = await patchUpload(`${b.url}/api/v1/uploads/${id}`, owner, bytes.subarray(offset), offset);
    expect(rest.status).toBe(204);
    expect(rest.headers.get('upload-offset')).toBe(String(bytes.length));
    expect((await readObject(bucket, `uploads/${id}`)).equals(bytes)).toBe(true);
    const v = await pollUntil(() => video(b, rec.videoId), (x) => x.status === 'ready' || x.status === 'failed', { timeout: 120_000, interval: 250 });
    expect(v.status).toBe('ready');
  }, 180_000);

  it('deleting a video removes its objects from the bucket', async () => {
    const [vid] = await sql<{ id: string }[]>`select id from videos where status = 'ready' limit 1`;
    const uploads = await sql<{ storage_key: string }[]>`select storage_key from uploads where video_id = ${vid!.id}`;
    expect((await bucket.objects.list(`videos/${vid!.id}`)).length).toBeGreaterThan(0);
    const res = await fetch(`${a.url}/api/v1/videos/${vid!.id}`, { method: 'DELETE', headers: authHeaders(owner) });
    expect(res.status).toBeLessThan(300);
    await pollUntil(() => bucket.objects.list(`videos/${vid!.id}`), (keys) => keys.length === 0, { timeout: 30_000, interval: 250 });
    for (const u of uploads) expect(await bucket.objects.stat(u.storage_key)).toBeNull();
  }, 60_000);
});
