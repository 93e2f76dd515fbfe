import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '@/lib/platform/db/client';
import { events, notifications, renditions, videos } from '@/lib/platform/db/schema';
import { enqueue } from '@/lib/platform/queue/jobs';
import { parseMasterPlaylist, parseMediaPlaylist } from '@/lib/process/media/hls';
import type { Storage } from '@/lib/platform/storage';
import { updateVideo, videoPatchSchema } from '@/lib/library/sharing';
import { dropVersion } from '@/lib/process/edit/drop';
import { jobOfKey, jobsOfVideo } from '../helpers/jobs';
import { describeOnStorages } from '../helpers/backends';
import { readObject, readObjectText, siblingKey } from '../helpers/storage';
import { tempDir } from '../helpers/databases';
import { makeVideo } from '../helpers/media';
import { pollUntil } from '../helpers/poll';
import { ingestFile, withMediaWorkers } from '../helpers/ingest';
import type { VideoId } from '@/lib/shared/api/enums';

const work = tempDir('pipeline');
const sources: Record<string, string> = {};
beforeAll(() => {
  sources.h264 = makeVideo(path.join(work, 'src.mp4'), { width: 1280, height: 720, seconds: 5 });
  sources.webm = makeVideo(path.join(work, 'src.webm'), { width: 640, height: 480, seconds: 3, format: 'webm' });
  sources.silentPortrait = makeVideo(path.join(work, 'portrait.mp4'), { width: 360, height: 640, seconds: 2, audio: false });
  sources.text = path.join(work, 'notes.txt');
  fs.writeFileSync(sources.text, 'These are meeting notes, not a video.\n'.repeat(200));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Records a session and "uploads" a file the way the tus server stores it, then returns the video id. */
const ingest = async (db: Db, storage: Storage, file: string, uploadId: string): Promise<VideoId> => (await ingestFile(db, storage, file, uploadId)).videoId;

async function waitForVideo(db: Db, id: VideoId, ms = 60_000) {
  const v = await pollUntil(
    async () => (await db.select().from(videos).where(eq(videos.id, id)))[0],
    (row) => row?.status === 'ready' || row?.status === 'failed',
    { timeout: ms, interval: 100, what: `video ${id} not done` },
  );
  return v!;
}

describeOnStorages('processing pipeline (real ffmpeg)', (get) => {
  let storage: Storage;
  beforeAll(() => {
    storage = get().storage;
  });
  withMediaWorkers(get);

  it('turns an H.264 upload into an aligned HLS ladder with a poster, then emits video_processed once', async () => {
    const { db } = get();
    const id = await ingest(db, storage, sources.h264!, 'h264upload');
    const v = await waitForVideo(db, id);
    expect(v.status).toBe('ready');
    expect(v).toMatchObject({ width: 1280, height: 720, sourceCodec: 'h264' });
    expect(v.durationMs).toBeGreaterThan(4800);
    expect(v.durationMs).toBeLessThan(5300);

    const rows = await db.select().from(renditions).where(eq(renditions.videoId, id));
    expect(rows.map((r) => r.name).sort()).toEqual(['360p', '480p', '720p']);

    const master = await readObjectText(storage, v.masterKey!);
    const variants = parseMasterPlaylist(master);
    expect(variants).toHaveLength(3);
    for (const variant of variants) {
      expect(Number(variant.attributes.BANDWIDTH)).toBeGreaterThan(100_000);
      expect(variant.attributes.RESOLUTION).toMatch(/^\d+x\d+$/);
      expect(variant.attributes.CODECS).toMatch(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/);
    }
    // segments line up across rungs: same count and same durations, 2 s each but the last
    const lists = await Promise.all(variants.map(async (x) => parseMediaPlaylist(await readObjectText(storage, siblingKey(v.masterKey!, x.uri)))));
    const durations = lists.map((l) => l.segments.map((s) => s.duration.toFixed(2)).join(','));
    expect(new Set(durations).size).toBe(1);
    for (const seg of lists[0]!.segments.slice(0, -1)) expect(seg.duration).toBeCloseTo(2, 1);
    expect(lists.every((l) => l.ended)).toBe(true);

    const poster = await readObject(storage, v.posterKey!);
    expect(poster.subarray(0, 2).toString('hex')).toBe('ffd8');

    // video_processed comes once the transcription step has an outcome (none is configured here)
    await expect
      .poll(async () => (await db.select().from(events).where(eq(events.videoId, id))).map((e) => e.type).sort(), { timeout: 30_000 })
      .toEqual(['raw_video_uploaded', 'recording_completed', 'video_processed']);
    await expect.poll(async () => (await db.select().from(notifications).where(eq(notifications.videoId, id))).length).toBe(1);

    // A redelivered job replaces the outputs atomically and emits nothing new.
    const [job] = await jobsOfVideo(db, id);
    await enqueue(db, { kind: 'process-video', payload: job!.kind === 'process-video' ? job!.payload : { videoId: id, uploadId: 'h264upload' }, dedupeKey: `redeliver:${id}`, videoId: id });
    await expect
      .poll(async () => (await jobOfKey(db, 'process-video', `redeliver:${id}`))?.status, { timeout: 60_000 })
      .toBe('done');
    const [again] = await db.select().from(videos).where(eq(videos.id, id));
    expect(again!.outputVersion).not.toBe(v.outputVersion);
    // the old version stays for the viewers who have it open, then goes
    expect(await storage.objects.list(path.posix.dirname(v.masterKey!))).not.toEqual([]);
    const drop = await jobOfKey(db, 'drop-version', `drop-version:${id}:${v.outputVersion}`);
    expect(drop?.status).toBe('queued');
    expect(drop!.startAfter.getTime()).toBeGreaterThan(Date.now() + 60_000);
    expect(await dropVersion(db, storage.objects, id, v.outputVersion!)).toBe(true);
    expect(await storage.objects.list(path.posix.dirname(v.masterKey!))).toEqual([]);
    expect(await storage.objects.stat(again!.masterKey!)).not.toBeNull();
    expect((await db.select().from(events).where(eq(events.videoId, id))).filter((e) => e.type === 'video_processed')).toHaveLength(1);
  });

  it('trim points re-process the video to the chosen part', async () => {
    const { db } = get();
    const id = await ingest(db, storage, sources.h264!, 'trimupload');
    const before = await waitForVideo(db, id);
    expect(before.durationMs).toBeGreaterThan(4800);
    const [row] = await db.select().from(videos).where(eq(videos.id, id));
    const owner = { userId: row!.ownerId, role: 'member' as const, workspaces: { [row!.workspaceId]: 'member' as const } };
    await updateVideo(db, id, owner, { trimStartMs: 1000, trimEndMs: 3000 });
    await expect
      .poll(async () => (await db.select().from(videos).where(eq(videos.id, id)))[0]?.outputVersion, { timeout: 60_000 })
      .not.toBe(before.outputVersion);
    const after = await waitForVideo(db, id);
    expect(after.status).toBe('ready');
    expect(after.durationMs).toBeGreaterThan(1700);
    expect(after.durationMs).toBeLessThan(2400);
    expect(videoPatchSchema.safeParse({ trimStartMs: 3000, trimEndMs: 2000 }).success).toBe(false);
  });

  it('transcodes a VP8 WebM source, and a portrait source without audio', async () => {
    const { db } = get();
    const webm = await waitForVideo(db, await ingest(db, storage, sources.webm!, 'webmupload'));
    expect(webm.status).toBe('ready');
    expect((await db.select().from(renditions).where(eq(renditions.videoId, webm.id))).map((r) => r.name).sort()).toEqual(['360p', '480p']);

    const portrait = await waitForVideo(db, await ingest(db, storage, sources.silentPortrait!, 'portraitupload'));
    expect(portrait.status).toBe('ready');
    const rows = await db.select().from(renditions).where(eq(renditions.videoId, portrait.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ width: 360, height: 640 });
    expect(rows[0]!.codecs).toMatch(/^avc1\.[0-9a-f]{6}$/); // no audio codec listed
  });

  it('fails a file that is not a video once, with a human reason, and keeps working', async () => {
    const { db } = get();
    const id = await ingest(db, storage, sources.text!, 'textupload');
    const v = await waitForVideo(db, id);
    expect(v.status).toBe('failed');
    expect(v.errorCode).toBe('not_a_video');
    expect(v.errorMessage).toMatch(/not a video/);
    // the video says why first; pg-boss records the job's end as its handler returns
    const job = await pollUntil(async () => (await jobsOfVideo(db, id)).find((j) => j.kind === 'process-video'), (j) => j?.status !== 'running', { timeout: 10_000 });
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await db.select().from(events).where(eq(events.videoId, id))).some((e) => e.type === 'video_processed')).toBe(false);
  });
});
