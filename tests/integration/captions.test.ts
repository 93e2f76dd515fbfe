import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '@/lib/platform/db/client';
import type { WorkerGroup } from '@/lib/platform/queue/runner';
import type { Storage } from '@/lib/platform/storage';
import { diskStorage } from '@/lib/platform/storage/disk';
import { readText } from '@/lib/platform/storage';
import { updateVideo } from '@/lib/library/sharing';
import { findCaptionTrack, requestCaptionTrack } from '@/lib/process/captions/service';
import { parseMasterPlaylist } from '@/lib/process/media/hls';
import { transcriptResponse } from '@/lib/process/transcripts/view';
import { WhisperRunner } from '@/lib/process/transcripts/whisper';
import { findVideo } from '@/lib/videos/repo';
import { versionLayout } from '@/lib/videos/layout';
import { startWorkers } from '@/workers';
import { describeOnBothDatabases } from '../helpers/backends';
import { tempDir } from '../helpers/databases';
import { makeSpeechVideo } from '../helpers/media';
import { pollUntil } from '../helpers/poll';
import { ingestFile } from '../helpers/ingest';
import { makeUser } from '../helpers/users';
import type { VideoId } from '@/lib/shared/api/enums';

const MODEL = path.resolve('tests/fixtures/models/tiny-random-whisper');
const work = tempDir('captions');
let talk = '';

/**
 * An OpenAI-compatible chat endpoint on loopback (no language model runs on these machines): it
 * "translates" each numbered line by tagging it with the target language, as a model would answer.
 */
let llm: http.Server;
let llmUrl = '';
const asked: string[] = [];
beforeAll(async () => {
  talk = makeSpeechVideo(path.join(work, 'talk.mp4'), 'Good morning team. This week we ship the new recorder and fix the upload bug. Then we plan the next release.');
  llm = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const msg = JSON.parse(body) as { messages: { role: string; content: string }[] };
      const system = msg.messages[0]!.content;
      const target = /into (\w+)\./.exec(system)?.[1] ?? '?';
      asked.push(target);
      const lines = msg.messages[1]!.content.split('\n').map((l) => `[${target}] ${l.replace(/^\d+\.\s*/, '')}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ choices: [{ message: { content: JSON.stringify({ lines }) } }] }));
    });
  });
  await new Promise<void>((r) => llm.listen(0, '127.0.0.1', r));
  llmUrl = `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise((r) => llm.close(r));
  fs.rmSync(work, { recursive: true, force: true });
});

const upload = (db: Db, storage: Storage, uploadId: string) => ingestFile(db, storage, talk, uploadId, { title: 'Weekly update', live: false });

const trackDone = (db: Db, id: VideoId, lang: string) =>
  pollUntil(() => findCaptionTrack(db, id, lang), (t) => t?.status === 'done' || t?.status === 'failed', { timeout: 90_000, interval: 100, what: `${lang} captions` });

describeOnBothDatabases('captions in other languages (Whisper fixture, a chat endpoint, real ffmpeg)', (get) => {
  let storage: Storage;
  let mediaDir: string;
  let withLlm: WorkerGroup | null = null;
  const whisper = new WhisperRunner();
  beforeAll(async () => {
    mediaDir = tempDir('captions-media');
    storage = diskStorage(mediaDir);
    withLlm = await startWorkers(
      get().db,
      {
        config: { FFMPEG_PATH: 'ffmpeg', FFPROBE_PATH: 'ffprobe', WEFT_FFMPEG_PRESET: 'ultrafast' },
        storage,
        transcription: { whisper, options: { model: MODEL, dtype: 'fp32', modelsDir: mediaDir, allowDownload: false, threads: 1 } },
        llm: { url: llmUrl, model: 'test' },
      },
      { concurrency: 2, pollMs: 100, soleWorker: false },
    );
  });
  afterAll(async () => {
    await withLlm?.stop();
    await whisper.close();
    fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  it('translates the transcript, serves it as captions, lists it in the HLS master, and moves it with a cut', { timeout: 240_000 }, async () => {
    const { db } = get();
    const { videoId, owner } = await upload(db, storage, `cap-${Math.random().toString(36).slice(2, 8)}`);
    const v = await pollUntil(() => findVideo(db, videoId), (x) => x?.status === 'ready', { timeout: 90_000, interval: 100 });
    const t = await pollUntil(
      async () => (await transcriptResponse(db, v!, 'json', { canManage: true }))!.json() as Promise<{ status: string; language: string; segments: { start: number; end: number; text: string }[] }>,
      (x) => x.status === 'done',
      { timeout: 90_000, interval: 200 },
    );
    expect(t.segments.length).toBeGreaterThan(1);
    const other = t.language === 'de' ? 'fr' : 'de';

    // who may ask, and what is refused
    const stranger = await makeUser(db, 'Stranger');
    await expect(requestCaptionTrack(db, videoId, stranger, other, { llm: true, whisper: true })).rejects.toMatchObject({ code: 'video_not_found' });
    await expect(requestCaptionTrack(db, videoId, owner, other, { llm: false, whisper: true })).rejects.toMatchObject({ code: 'translation_unavailable' });
    await expect(requestCaptionTrack(db, videoId, owner, t.language, { llm: true, whisper: true })).rejects.toMatchObject({ code: 'validation_failed' });

    await requestCaptionTrack(db, videoId, owner, other, { llm: true, whisper: true });
    const track = await trackDone(db, videoId, other);
    expect(track!.status).toBe('done');
    expect(track!.source).toBe('llm');
    expect(track!.segments.map((s) => [s.start, s.end])).toEqual(t.segments.map((s) => [s.start, s.end]));
    expect(track!.segments[0]!.text).toMatch(/^\[(German|French)\] /);

    // served like the transcript
    const current = (await findVideo(db, videoId))!;
    const vtt = await (await transcriptResponse(db, current, 'vtt', { canManage: false, lang: other }))!.text();
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    expect(vtt).toContain(track!.segments[0]!.text);
    await expect(transcriptResponse(db, current, 'vtt', { canManage: false, lang: 'ja' })).rejects.toMatchObject({ code: 'not_found' });

    // in the HLS master: a subtitles rendition per language, on every variant
    const layout = versionLayout(videoId, current.outputVersion!);
    // listed once the track is done (the job writes the master right after)
    const master = await pollUntil(() => readText(storage.objects, layout.master), (m) => (m.match(/#EXT-X-MEDIA:TYPE=SUBTITLES/g) ?? []).length === 2, { timeout: 10_000, interval: 100 });
    expect(master).toContain('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs"');
    expect(master.match(/#EXT-X-MEDIA:TYPE=SUBTITLES/g)).toHaveLength(2);
    expect(master).toContain(`LANGUAGE="${other}"`);
    expect(parseMasterPlaylist(master).every((e) => e.attributes.SUBTITLES === 'subs')).toBe(true);
    const subPlaylist = await readText(storage.objects, layout.key(`captions/${other}.m3u8`));
    expect(subPlaylist).toContain(`${other}.vtt`);
    expect(await readText(storage.objects, layout.key(`captions/${other}.vtt`))).toBe(vtt);

    // a cut moves the translation with the transcript, and the new master lists it again
    const cutAt = t.segments[0]!.end;
    await updateVideo(db, videoId, owner, { cuts: [{ startMs: 0, endMs: Math.round(cutAt * 1000) }] });
    const cut = await pollUntil(() => findVideo(db, videoId), (x) => x?.outputVersion !== current.outputVersion && x?.status === 'ready' && !x.processingStage, { timeout: 90_000, interval: 100 });
    const moved = (await findCaptionTrack(db, videoId, other))!;
    expect(moved.outputVersion).toBe(cut!.outputVersion);
    expect(moved.segments.length).toBe(track!.segments.length - 1);
    expect(moved.segments[0]!.start).toBeCloseTo(track!.segments[1]!.start - cutAt, 2);
    // listed right after the switch
    await pollUntil(() => readText(storage.objects, versionLayout(videoId, cut!.outputVersion!).master), (m) => m.includes(`LANGUAGE="${other}"`), { timeout: 10_000, interval: 100 });
    expect(asked.length).toBeGreaterThan(0);
  });

  it('into English without a language model: Whisper translates the sound', { timeout: 240_000 }, async () => {
    const { db } = get();
    const noLlm = await startWorkers(
      db,
      {
        config: { FFMPEG_PATH: 'ffmpeg', FFPROBE_PATH: 'ffprobe', WEFT_FFMPEG_PRESET: 'ultrafast' },
        storage,
        transcription: { whisper, options: { model: MODEL, dtype: 'fp32', modelsDir: mediaDir, allowDownload: false, threads: 1 } },
      },
      { concurrency: 1, pollMs: 100, soleWorker: false },
    );
    // only Whisper translates from here on
    await withLlm?.stop();
    withLlm = null;
    try {
      const { videoId, owner } = await upload(db, storage, `en-${Math.random().toString(36).slice(2, 8)}`);
      const v = await pollUntil(() => findVideo(db, videoId), (x) => x?.status === 'ready', { timeout: 90_000, interval: 100 });
      const t = await pollUntil(async () => (await (await transcriptResponse(db, v!, 'json', { canManage: true }))!.json()) as { status: string; language: string }, (x) => x.status === 'done', { timeout: 90_000, interval: 200 });
      // the fixture's random weights detect some language; English needs no translation
      if (t.language === 'en') await updateVideo(db, videoId, owner, { language: 'de' });
      await pollUntil(async () => (await (await transcriptResponse(db, (await findVideo(db, videoId))!, 'json', { canManage: true }))!.json()) as { status: string; language: string }, (x) => x.status === 'done' && x.language !== 'en', { timeout: 90_000, interval: 200 });
      await requestCaptionTrack(db, videoId, owner, 'en', { llm: false, whisper: true });
      const track = await trackDone(db, videoId, 'en');
      expect(track!.status).toBe('done');
      expect(track!.source).toBe('whisper');
      expect(track!.segments.length).toBeGreaterThan(0);
      for (const s of track!.segments) expect(s.end).toBeGreaterThanOrEqual(s.start);
    } finally {
      await noLlm.stop();
    }
  });
});
