import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Db } from '@/lib/platform/db/client';
import { events, renditions, uploads, videos } from '@/lib/platform/db/schema';
import { parseMasterPlaylist, parseMediaPlaylist } from '@/lib/process/media/hls';
import { parseStoryboardVtt } from '@/lib/process/media/storyboard';
import { isLive } from '@/lib/videos/view';
import { getStream } from '@/lib/watch/stream/service';
import type { WorkerGroup } from '@/lib/platform/queue/runner';
import { controlRecording, createRecording } from '@/lib/record/session/service';
import { diskStorage } from '@/lib/platform/storage/disk';
import type { UploadStore } from '@/lib/platform/storage';
import { completeUpload, registerUpload } from '@/lib/record/uploads/service';
import { startWorkers } from '@/workers';
import { jobsOfVideo } from '../helpers/jobs';
import { describeOnBothDatabases } from '../helpers/backends';
import { tempDir } from '../helpers/databases';
import { growFile, makeAudio, makeVideo } from '../helpers/media';
import { makeUser } from '../helpers/users';
import { pollUntil } from '../helpers/poll';
import type { VideoId } from '@/lib/shared/api/enums';

const work = tempDir('progressive');
const src: Record<string, string> = {};
beforeAll(() => {
  src.recorderMp4 = makeVideo(path.join(work, 'rec.mp4'), { width: 1280, height: 720, seconds: 8, recorder: true });
  src.recorderWebm = makeVideo(path.join(work, 'rec.webm'), { width: 1280, height: 720, seconds: 6, format: 'webm' });
  src.plainWebm = makeVideo(path.join(work, 'plain.webm'), { width: 1280, height: 720, seconds: 4, format: 'webm' });
  src.audio = makeAudio(path.join(work, 'voice.webm'), 3);
  const full = fs.readFileSync(makeVideo(path.join(work, 'whole.webm'), { width: 640, height: 360, seconds: 6, format: 'webm' }));
  src.truncated = path.join(work, 'truncated.webm');
  fs.writeFileSync(src.truncated, full.subarray(0, Math.floor(full.length * 0.5)));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * Disk storage that keeps count of the growing-upload readers it hands out: each one must be
 * closed when its reader is done (a reader left open holds a file descriptor until garbage
 * collection, and Node then warns "Closing file descriptor … on garbage collection", DEP0137).
 */
function countingStorage(root: string) {
  const disk = diskStorage(root);
  const open = new Set<string>();
  let n = 0;
  const uploads: UploadStore = {
    keyOf: (id) => disk.uploads.keyOf(id),
    datastore: (o) => disk.uploads.datastore(o),
    openGrowing(uploadId) {
      const inner = disk.uploads.openGrowing(uploadId);
      const name = `${uploadId}#${++n}`;
      open.add(name);
      return {
        read: (offset, max) => inner.read(offset, max),
        close: async () => {
          open.delete(name);
          await inner.close();
        },
      };
    },
  };
  return { ...disk, uploads, open };
}

type Storage = ReturnType<typeof countingStorage>;
const roots = new WeakMap<Storage, string>();
/** The file behind a key of disk storage (this suite grows uploads the way the tus file store writes them). */
function diskPath(storage: Storage, key: string): string {
  return path.join(roots.get(storage)!, ...key.split('/'));
}

/** A recording whose upload grows on disk while it "records", then completes — as through tus. */
async function recordLive(db: Db, storage: Storage, file: string, uploadId: string, pieces = 8): Promise<VideoId> {
  const owner = await makeUser(db, 'Owner');
  const rec = await createRecording(db, owner.userId, { mode: 'screen' });
  await controlRecording(db, owner, rec.sessionId, 'start');
  await registerUpload(db, { caller: owner, uploadId, storageKey: storage.uploads.keyOf(uploadId), metadata: { sessionId: rec.sessionId }, size: undefined });
  const size = await growFile(file, diskPath(storage, storage.uploads.keyOf(uploadId)), { pieces, intervalMs: 250 });
  await controlRecording(db, owner, rec.sessionId, 'stop');
  await completeUpload(db, uploadId, size);
  return rec.videoId;
}

/** A file uploaded whole (its length known up front): no live ingest. */
async function uploadWhole(db: Db, storage: Storage, file: string, uploadId: string): Promise<VideoId> {
  const owner = await makeUser(db, 'Owner');
  const rec = await createRecording(db, owner.userId, { mode: 'screen' });
  await controlRecording(db, owner, rec.sessionId, 'start');
  const size = fs.statSync(file).size;
  await registerUpload(db, { caller: owner, uploadId, storageKey: storage.uploads.keyOf(uploadId), metadata: { sessionId: rec.sessionId }, size });
  fs.copyFileSync(file, diskPath(storage, storage.uploads.keyOf(uploadId)));
  await controlRecording(db, owner, rec.sessionId, 'stop');
  await completeUpload(db, uploadId, size);
  return rec.videoId;
}

/**
 * Whatever the database points at can be read whole: every variant the master lists is a playlist
 * whose segments all exist (never one naming a segment not there yet). It is ended once the video
 * plays; before (a recording watched while it goes on) it may be a growing EVENT playlist.
 */
function expectWhole(storage: Storage, masterKey: string, live = false): number {
  const base = path.dirname(diskPath(storage, masterKey));
  const variants = parseMasterPlaylist(fs.readFileSync(diskPath(storage, masterKey), 'utf8'));
  expect(variants.length).toBeGreaterThan(0);
  for (const v of variants) {
    const text = fs.readFileSync(path.join(base, v.uri), 'utf8');
    const list = parseMediaPlaylist(text);
    if (live) expect(list.ended || text.includes('#EXT-X-PLAYLIST-TYPE:EVENT')).toBe(true);
    else expect(list.ended).toBe(true);
    expect(list.segments.length).toBeGreaterThan(0);
    for (const seg of list.segments) expect(fs.existsSync(path.join(base, path.dirname(v.uri), seg.uri))).toBe(true);
  }
  return variants.length;
}

/** Polls the video; returns the statuses seen in order (`live` when it was watchable before it was playable) and the final row. */
async function follow(db: Db, id: VideoId, ms = 90_000, storage?: Storage) {
  const seen: string[] = [];
  const v = await pollUntil(
    async () => {
      const [row] = await db.select().from(videos).where(eq(videos.id, id));
      const live = row ? isLive(row) : false;
      if (row?.masterKey && storage) expectWhole(storage, row.masterKey, live);
      const status = live ? 'live' : row?.status;
      if (status && seen[seen.length - 1] !== status) seen.push(status);
      return row;
    },
    (row) => row?.status === 'ready' || row?.status === 'failed',
    { timeout: ms, interval: 50, what: `video ${id} not done` },
  );
  return { seen, v: v! };
}

/** Segment start times of each variant of a master playlist. */
function boundaries(storage: Storage, masterKey: string): Map<string, number[]> {
  const base = path.dirname(diskPath(storage, masterKey));
  const out = new Map<string, number[]>();
  for (const v of parseMasterPlaylist(fs.readFileSync(diskPath(storage, masterKey), 'utf8'))) {
    const list = parseMediaPlaylist(fs.readFileSync(path.join(base, v.uri), 'utf8'));
    expect(list.ended).toBe(true);
    let t = 0;
    out.set(v.uri, list.segments.map((s) => ((t += s.duration), t - s.duration)));
  }
  return out;
}

function expectAligned(b: Map<string, number[]>) {
  const lists = [...b.values()];
  const first = lists[0]!;
  for (const l of lists) {
    expect(l.length).toBe(first.length);
    l.forEach((t, i) => expect(Math.abs(t - first[i]!)).toBeLessThan(0.05));
  }
}

describeOnBothDatabases('progressive ingest and the ladder (real ffmpeg)', (get) => {
  let storage: Storage;
  let workers: WorkerGroup;
  let mediaDir: string;
  beforeAll(async () => {
    mediaDir = tempDir('media');
    storage = countingStorage(mediaDir);
    roots.set(storage, mediaDir);
    workers = await startWorkers(
      get().db,
      { config: { FFMPEG_PATH: 'ffmpeg', FFPROBE_PATH: 'ffprobe', WEFT_FFMPEG_PRESET: 'ultrafast' }, storage },
      { concurrency: 2, pollMs: 100, soleWorker: false },
    );
  });
  afterAll(async () => {
    await workers.stop();
    fs.rmSync(mediaDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    // every reader of a growing upload is closed once its job is done (none left to the garbage collector)
    await pollUntil(async () => [...storage.open], (open) => open.length === 0, { timeout: 10_000, interval: 50, what: `growing-upload readers left open: ${[...storage.open].join(', ')}` });
  });

  it('copies an H.264 recording into HLS while it uploads: playable first, then the ladder joins', async () => {
    const { db } = get();
    const id = await recordLive(db, storage, src.recorderMp4!, 'livemp4');
    const { seen, v } = await follow(db, id, 90_000, storage);
    expect(seen).toContain('playable');
    expect(seen.indexOf('playable')).toBeLessThan(seen.indexOf('ready'));
    expect(v.status).toBe('ready');
    const [u] = await db.select().from(uploads).where(eq(uploads.id, 'livemp4'));
    expect(u).toMatchObject({ ingestStatus: 'done', ingestMode: 'copy', ingestRendition: '720p' });
    expect(v.outputVersion).toBe(u!.ingestVersion); // the ladder joined the live version
    expect(v.durationMs).toBeGreaterThan(7800);
    const names = (await db.select().from(renditions).where(eq(renditions.videoId, id))).map((r) => r.name).sort();
    expect(names).toEqual(['360p', '480p', '720p']);
    expectAligned(boundaries(storage, v.masterKey!));

    // the top rung is the recording's own video, not a re-encode: same frame size and codec profile
    const top = parseMasterPlaylist(fs.readFileSync(diskPath(storage, v.masterKey!), 'utf8')).find((x) => x.uri.startsWith('720p'));
    expect(top?.attributes.CODECS).toMatch(/^avc1\.42/); // baseline, as recorded (the ladder encodes High)
    // encoded rungs keep their peak (the highest 2 s segment rate) within twice the average
    for (const x of parseMasterPlaylist(fs.readFileSync(diskPath(storage, v.masterKey!), 'utf8')).filter((x) => x !== top)) {
      expect(Number(x.attributes.BANDWIDTH)).toBeLessThanOrEqual(2 * Number(x.attributes['AVERAGE-BANDWIDTH']));
    }

    // thumbnails: poster, animated preview, storyboard sprite + WebVTT track covering the video
    expect(fs.readFileSync(diskPath(storage, v.posterKey!)).subarray(0, 2).toString('hex')).toBe('ffd8');
    const webp = fs.readFileSync(diskPath(storage, v.previewKey!));
    expect(webp.subarray(0, 4).toString()).toBe('RIFF');
    expect(webp.subarray(8, 12).toString()).toBe('WEBP');
    const cues = parseStoryboardVtt(fs.readFileSync(diskPath(storage, v.storyboardKey!), 'utf8'));
    expect(cues.length).toBeGreaterThanOrEqual(8);
    expect(cues[0]).toMatchObject({ start: 0, x: 0, y: 0, w: 160, h: 90 });
    expect(cues[cues.length - 1]!.end).toBeGreaterThan(7.5);
    const sprite = path.join(path.dirname(diskPath(storage, v.storyboardKey!)), cues[0]!.url);
    expect(fs.readFileSync(sprite).subarray(0, 2).toString('hex')).toBe('ffd8');

    const processed = (await db.select().from(events).where(eq(events.videoId, id))).filter((e) => e.type === 'video_processed');
    expect(processed).toHaveLength(1);
    // no scratch folders are left behind
    expect(fs.readdirSync(path.join(mediaDir, '.scratch')).filter((n) => n.includes(id) || n.includes('livemp4'))).toEqual([]);
  });

  it('a recording is watchable while it uploads: a growing EVENT playlist, then the same version complete', async () => {
    const { db } = get();
    // about 8 s of recording arriving over 8 s, as a recorder sends it
    const owner = await makeUser(db, 'Live');
    const rec = await createRecording(db, owner.userId, { mode: 'screen' });
    await controlRecording(db, owner, rec.sessionId, 'start');
    await registerUpload(db, { caller: owner, uploadId: 'livewatch', storageKey: storage.uploads.keyOf('livewatch'), metadata: { sessionId: rec.sessionId }, size: undefined });
    const watching = follow(db, rec.videoId, 90_000, storage);
    let liveVersion: string | null = null;
    const growing = growFile(src.recorderMp4!, diskPath(storage, storage.uploads.keyOf('livewatch')), { pieces: 16, intervalMs: 500 });
    // before Stop: the video is live — its stream is the ingest's version, status still uploading
    const live = await pollUntil(
      async () => (await db.select().from(videos).where(eq(videos.id, rec.videoId)))[0],
      (row) => row !== undefined && isLive(row),
      { timeout: 30_000, interval: 50, what: 'the recording never became watchable while it uploaded' },
    );
    expect(live!.status).toBe('uploading');
    liveVersion = live!.outputVersion;
    const stream = await getStream(db, live!, { key: 'k'.repeat(40), ttlSeconds: 600 });
    expect(stream.status).toBe('live');
    const size = await growing;
    await controlRecording(db, owner, rec.sessionId, 'stop');
    await completeUpload(db, 'livewatch', size);
    const { seen, v } = await watching;
    // uploading → live (while it uploads, and while the tail is processed) → playable → ready
    expect(seen).toEqual(['uploading', 'live', 'playable', 'ready']);
    // the version watched live is the one that became playable and then complete
    expect(v.outputVersion).toBe(liveVersion);
    expectWhole(storage, v.masterKey!);
  });

  it('transcodes one rung of a VP8 recording while it uploads, then the rest', async () => {
    const { db } = get();
    const id = await recordLive(db, storage, src.recorderWebm!, 'livewebm');
    const { seen, v } = await follow(db, id);
    expect(seen).toContain('playable');
    expect(v.status).toBe('ready');
    const [u] = await db.select().from(uploads).where(eq(uploads.id, 'livewebm'));
    expect(u).toMatchObject({ ingestStatus: 'done', ingestMode: 'transcode', ingestRendition: '720p' });
    const names = (await db.select().from(renditions).where(eq(renditions.videoId, id))).map((r) => r.name).sort();
    expect(names).toEqual(['360p', '480p', '720p']);
    expectAligned(boundaries(storage, v.masterKey!));
  });

  it('a whole-file upload that cannot be copied is playable from a small rung first', async () => {
    const { db } = get();
    const id = await uploadWhole(db, storage, src.plainWebm!, 'plainwebm');
    const { seen, v } = await follow(db, id);
    expect(seen).toContain('playable');
    expect(v.status).toBe('ready');
    const [u] = await db.select().from(uploads).where(eq(uploads.id, 'plainwebm'));
    expect(u!.ingestStatus).toBeNull();
    expect((await db.select().from(renditions).where(eq(renditions.videoId, id))).map((r) => r.name).sort()).toEqual(['360p', '480p', '720p']);
    expectAligned(boundaries(storage, v.masterKey!));
  });

  it('gives an audio-only file and a truncated WebM clear outcomes', async () => {
    const { db } = get();
    const audio = await follow(db, await recordLive(db, storage, src.audio!, 'liveaudio', 2));
    expect(audio.v.status).toBe('failed');
    expect(audio.v.errorMessage).toMatch(/audio but no picture/);
    // the video says why first; pg-boss records the job's end as its handler returns
    const job = await pollUntil(async () => (await jobsOfVideo(db, audio.v.id)).find((j) => j.kind === 'process-video'), (j) => j?.status !== 'running', { timeout: 10_000 });
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });

    // a recording cut off mid-upload: what arrived is kept and plays
    const cut = await follow(db, await recordLive(db, storage, src.truncated!, 'livecut', 4));
    expect(cut.v.status).toBe('ready');
    expect(cut.v.durationMs).toBeGreaterThan(500);
    expect(cut.v.durationMs).toBeLessThan(5500);
  });
});
