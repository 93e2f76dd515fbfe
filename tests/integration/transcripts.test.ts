import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '@/lib/platform/db/client';
import { events, videoTranscriptions, videos } from '@/lib/platform/db/schema';
import type { WorkerGroup } from '@/lib/platform/queue/runner';
import { controlRecording, createRecording } from '@/lib/record/session/service';
import { searchVideos } from '@/lib/library/search';
import { diskStorage } from '@/lib/platform/storage/disk';
import type { Storage } from '@/lib/platform/storage';
import { putCopy } from '../helpers/storage';
import { toWebVtt } from '@/lib/process/transcripts/formats';
import { editSegment } from '@/lib/process/transcripts/service';
import { WhisperRunner } from '@/lib/process/transcripts/whisper';
import { completeUpload, registerUpload } from '@/lib/record/uploads/service';
import { updateVideo, videoPatchSchema } from '@/lib/library/sharing';
import { startWorkers } from '@/workers';
import { jobsOfVideo } from '../helpers/jobs';
import { describeOnBothDatabases } from '../helpers/backends';
import { tempDir } from '../helpers/databases';
import { makeSpeechVideo, makeVideo } from '../helpers/media';
import { makeUser } from '../helpers/users';
import { pollUntil } from '../helpers/poll';
import type { VideoId } from '@/lib/shared/api/enums';

const MODEL = path.resolve('tests/fixtures/models/tiny-random-whisper');
const work = tempDir('transcripts');
const src: Record<string, string> = {};
beforeAll(() => {
  src.speech = makeSpeechVideo(path.join(work, 'talk.mp4'), 'Good morning team. This week we ship the new recorder and fix the upload bug.');
  src.silent = makeSpeechVideo(path.join(work, 'silent.mp4'), 'nothing to hear here at all', { silent: true });
  src.mute = makeVideo(path.join(work, 'mute.mp4'), { width: 640, height: 360, seconds: 2, audio: false });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function upload(db: Db, storage: Storage, file: string, uploadId: string, owner?: Awaited<ReturnType<typeof makeUser>>) {
  const who = owner ?? (await makeUser(db, 'Owner'));
  const rec = await createRecording(db, who.userId, { mode: 'screen', title: `Weekly update ${uploadId}` });
  await controlRecording(db, who, rec.sessionId, 'start');
  const size = fs.statSync(file).size;
  await registerUpload(db, { caller: who, uploadId, storageKey: storage.uploads.keyOf(uploadId), metadata: { sessionId: rec.sessionId }, size });
  await putCopy(storage, storage.uploads.keyOf(uploadId), file);
  await controlRecording(db, who, rec.sessionId, 'stop');
  await completeUpload(db, uploadId, size);
  return { videoId: rec.videoId, owner: who };
}

async function transcriptOf(db: Db, videoId: VideoId, ms = 90_000) {
  const t = await pollUntil(
    async () => (await db.select().from(videoTranscriptions).where(eq(videoTranscriptions.videoId, videoId)))[0],
    (row) => row !== undefined && row.status !== 'pending' && row.status !== 'running',
    { timeout: ms, interval: 100, what: `transcript of ${videoId} not done` },
  );
  return t!;
}

describeOnBothDatabases('transcription and search (Whisper fixture, real ffmpeg)', (get) => {
  let storage: Storage;
  let workers: WorkerGroup;
  let missingModel: WorkerGroup | null = null;
  let mediaDir: string;
  const whisper = new WhisperRunner();
  beforeAll(async () => {
    mediaDir = tempDir('media');
    storage = diskStorage(mediaDir);
    workers = await startWorkers(
      get().db,
      {
        config: { FFMPEG_PATH: 'ffmpeg', FFPROBE_PATH: 'ffprobe', WEFT_FFMPEG_PRESET: 'ultrafast' },
        storage,
        // no language configured: Whisper detects it per video
        transcription: { whisper, options: { model: MODEL, dtype: 'fp32', modelsDir: mediaDir, allowDownload: false, threads: 1 } },
      },
      { concurrency: 2, pollMs: 100, soleWorker: false },
    );
  });
  afterAll(async () => {
    await workers.stop();
    await missingModel?.stop();
    await whisper.close();
    fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  it('transcribes a talking video: ordered timestamped segments within its length, valid captions, searchable', async () => {
    const { db } = get();
    const { videoId, owner } = await upload(db, storage, src.speech!, 'talk');
    const t = await transcriptOf(db, videoId);
    expect(t.status).toBe('done');
    expect(t.model).toBe(MODEL);
    // detected by the model (the fixture's random weights pick one of its 99 languages)
    expect(t.language).toMatch(/^[a-z]{2,3}$/);
    const [v] = await db.select().from(videos).where(eq(videos.id, videoId));
    expect(v!.status === 'ready' || v!.status === 'playable').toBe(true);
    expect(t.outputVersion).toBe(v!.outputVersion);
    const duration = (t.audioSeconds ?? 0) + 0.05;
    expect(t.segments.length).toBeGreaterThan(0);
    for (let i = 0; i < t.segments.length; i++) {
      const s = t.segments[i]!;
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeGreaterThan(s.start);
      expect(s.end).toBeLessThanOrEqual(duration);
      expect(s.text).not.toMatch(/[\u0000-\u001f\ufffd]/);
      if (i > 0) expect(s.start).toBeGreaterThanOrEqual(t.segments[i - 1]!.start);
    }
    const vtt = toWebVtt(t.segments);
    expect(vtt.startsWith('WEBVTT\n')).toBe(true);
    expect(vtt.match(/^\d\d:\d\d:\d\d\.\d\d\d --> \d\d:\d\d:\d\d\.\d\d\d$/gm)).toHaveLength(t.segments.length);

    // the owner corrects a segment: the index follows, and a hit jumps to the time it was said
    const target = t.segments.length - 1;
    await editSegment(db, videoId, target, 'We ship the quarterly roadmap on Friday', owner);
    const hits = await searchVideos(db, owner, 'roadmap');
    expect(hits.map((h) => h.videoId)).toEqual([videoId]);
    expect(hits[0]!.atSec).toBeCloseTo(t.segments[target]!.start, 2);
    expect(hits[0]!.snippet.some((p) => p.hit && /roadmap/i.test(p.text))).toBe(true);
    // titles are searched too, and rank above transcript-only matches
    expect((await searchVideos(db, owner, 'weekly update')).map((h) => h.videoId)).toContain(videoId);
  });

  it("the owner's spoken language transcribes the video again, once, without a second notification", async () => {
    const { db } = get();
    const { videoId, owner } = await upload(db, storage, src.speech!, 'lang');
    const first = await transcriptOf(db, videoId);
    await expect.poll(async () => (await db.select().from(videos).where(eq(videos.id, videoId)))[0]?.status, { timeout: 60_000 }).toBe('ready');
    const processed = async () => (await db.select().from(events).where(eq(events.videoId, videoId))).filter((e) => e.type === 'video_processed').length;
    await expect.poll(processed, { timeout: 30_000 }).toBe(1);
    const other = first.language === 'de' ? 'fr' : 'de';
    const patched = await updateVideo(db, videoId, owner, { language: other });
    expect(patched.language).toBe(other);
    await expect.poll(async () => (await transcriptOf(db, videoId)).language, { timeout: 60_000 }).toBe(other);
    expect((await transcriptOf(db, videoId)).status).toBe('done');
    expect(await processed()).toBe(1);
    // the same language again changes nothing; a bad code is refused
    await updateVideo(db, videoId, owner, { language: other });
    const jobs = await jobsOfVideo(db, videoId);
    expect(jobs.filter((j) => j.kind === 'transcribe-video')).toHaveLength(2);
    expect(() => videoPatchSchema.parse({ language: 'English' })).toThrow(/language code/);
  });

  it('search finds only what the caller may see', async () => {
    const { db } = get();
    const alice = await makeUser(db, 'Alice');
    const bob = await makeUser(db, 'Bob');
    const a = await createRecording(db, alice.userId, { mode: 'screen', title: 'Zebra migration plan' });
    const b = await createRecording(db, bob.userId, { mode: 'screen', title: 'Zebra crossing notes' });
    expect((await searchVideos(db, alice, 'zebra')).map((h) => h.videoId)).toEqual([a.videoId]);
    expect((await searchVideos(db, bob, 'zebra')).map((h) => h.videoId)).toEqual([b.videoId]);
    await updateVideo(db, a.videoId, alice, { visibility: 'public' });
    expect((await searchVideos(db, bob, 'zebra')).map((h) => h.videoId).sort()).toEqual([a.videoId, b.videoId].sort());
    await updateVideo(db, a.videoId, alice, { password: 'open sesame' });
    expect((await searchVideos(db, bob, 'zebra')).map((h) => h.videoId)).toEqual([b.videoId]);
    await updateVideo(db, b.videoId, bob, { title: 'Giraffe notes' });
    expect(await searchVideos(db, bob, 'zebra')).toEqual([]);
    expect((await searchVideos(db, { ...bob, role: 'admin' }, 'zebra')).map((h) => h.videoId)).toEqual([a.videoId]);
    await expect(searchVideos(db, bob, '   ')).rejects.toThrow(/Type something/);
  });

  it('gives a silent video and a video without sound clear outcomes; the videos still play', async () => {
    const { db } = get();
    const silent = await upload(db, storage, src.silent!, 'silent');
    expect(await transcriptOf(db, silent.videoId)).toMatchObject({ status: 'no_speech', segments: [] });
    const mute = await upload(db, storage, src.mute!, 'mute');
    expect(await transcriptOf(db, mute.videoId)).toMatchObject({ status: 'no_audio', segments: [] });
    for (const id of [silent.videoId, mute.videoId]) {
      await expect.poll(async () => (await db.select().from(videos).where(eq(videos.id, id)))[0]?.status, { timeout: 60_000 }).toBe('ready');
    }
  });

  it('without a model the job fails once with the reason and the video stays watchable', async () => {
    const { db } = get();
    await workers.stop();
    const runner = new WhisperRunner();
    missingModel = await startWorkers(
      db,
      {
        config: { FFMPEG_PATH: 'ffmpeg', FFPROBE_PATH: 'ffprobe', WEFT_FFMPEG_PRESET: 'ultrafast' },
        storage,
        transcription: { whisper: runner, options: { model: path.join(work, 'no-such-model'), dtype: 'fp32', modelsDir: mediaDir, allowDownload: false, threads: 1 } },
      },
      { concurrency: 2, pollMs: 100, soleWorker: false },
    );
    const { videoId } = await upload(db, storage, src.speech!, 'nomodel');
    const t = await transcriptOf(db, videoId);
    expect(t.status).toBe('failed');
    expect(t.error).toMatch(/^transcription model not available: /);
    await expect.poll(async () => (await db.select().from(videos).where(eq(videos.id, videoId)))[0]?.status, { timeout: 60_000 }).toBe('ready');
    await runner.close();
  });
});
