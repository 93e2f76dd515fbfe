import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '@/lib/platform/db/client';
import { videoTranscriptions } from '@/lib/platform/db/schema';
import type { Storage } from '@/lib/platform/storage';
import { parseMediaPlaylist } from '@/lib/process/media/hls';
import { renditionInput } from '@/lib/process/media/splice';
import { updateVideo } from '@/lib/library/sharing';
import { addReaction, createComment, listComments, reactionSummary } from '@/lib/watch/social';
import { findVideo } from '@/lib/videos/repo';
import { versionLayout } from '@/lib/videos/layout';
import { downloadResponse } from '@/lib/watch/download';
import { describeOnStorages } from '../helpers/backends';
import { tempDir } from '../helpers/databases';
import { makeVideo } from '../helpers/media';
import { pollUntil } from '../helpers/poll';
import { readObjectText, siblingKey } from '../helpers/storage';
import { ingestFile, withMediaWorkers } from '../helpers/ingest';
import type { VideoId } from '@/lib/shared/api/enums';

const work = tempDir('cuts');
let source = '';
beforeAll(() => {
  source = makeVideo(path.join(work, 'ten.mp4'), { width: 640, height: 360, seconds: 10 });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function ingest(db: Db, storage: Storage, uploadId: string) {
  const { videoId, owner } = await ingestFile(db, storage, source, uploadId);
  return { id: videoId, owner };
}

/** The next version after `version`, once ready. */
async function nextVersion(db: Db, id: VideoId, version: string | null) {
  return pollUntil(
    () => findVideo(db, id),
    (v) => !!v && (v.status === 'failed' || (v.status === 'ready' && v.outputVersion !== version && v.processingStage === null)),
    { timeout: 90_000, interval: 100, what: `video ${id}: no new version` },
  ).then((v) => v!);
}

describeOnStorages('cuts anywhere (real ffmpeg)', (get) => {
  let storage: Storage;
  beforeAll(() => {
    storage = get().storage;
  });
  withMediaWorkers(get);

  it('a cut in the middle is made from the playing version; comments, reactions and the transcript move; undoing it brings them back', { timeout: 180_000 }, async () => {
    const { db } = get();
    const { id, owner } = await ingest(db, storage, `cut-${get().storageKind}`);
    const first = await nextVersion(db, id, null);
    expect(first.status).toBe('ready');
    expect(first.sourceDurationMs).toBeGreaterThan(9900);
    const who = { viewer: owner, manager: true, ip: '127.0.0.1' };
    const late = await createComment(db, first, who, { text: 'after the cut', atSec: 7 }, 60);
    const inside = await createComment(db, first, who, { text: 'inside the cut', atSec: 3 }, 60);
    await addReaction(db, first, who, { emoji: '👍', atSec: 3 });
    await addReaction(db, first, who, { emoji: '🎉', atSec: 8 });
    // a finished transcript of this version (no Whisper model here): it must move with the cut
    await db
      .insert(videoTranscriptions)
      .values({ videoId: id, status: 'done', outputVersion: first.outputVersion, segments: [{ start: 0.5, end: 1.5, text: 'hello' }, { start: 2.5, end: 3.5, text: 'cut away' }, { start: 6, end: 7, text: 'later' }] })
      .onConflictDoUpdate({ target: videoTranscriptions.videoId, set: { status: 'done', outputVersion: first.outputVersion, segments: [{ start: 0.5, end: 1.5, text: 'hello' }, { start: 2.5, end: 3.5, text: 'cut away' }, { start: 6, end: 7, text: 'later' }] } });

    // a cut from 2.0 s to 4.5 s (not on a segment boundary at its end)
    await updateVideo(db, id, owner, { cuts: [{ startMs: 2000, endMs: 4500 }] });
    expect((await findVideo(db, id))!.outputVersion).toBe(first.outputVersion); // the old version plays meanwhile
    const cut = await nextVersion(db, id, first.outputVersion);
    expect(cut.status).toBe('ready');
    expect(cut.outputCuts).toEqual([{ startMs: 2000, endMs: 4500 }]);
    expect(cut.durationMs! / 1000).toBeCloseTo(7.5, 0);
    // spliced, not re-made: whole segments kept, the edges encoded, a discontinuity at the splice
    const master = await readObjectText(storage, cut.masterKey!);
    const rung = master.split('\n').find((l) => l.endsWith('index.m3u8'))!;
    const playlistText = await readObjectText(storage, siblingKey(cut.masterKey!, rung));
    expect(playlistText).toContain('#EXT-X-DISCONTINUITY');
    const list = parseMediaPlaylist(playlistText);
    expect(list.segments.reduce((s, x) => s + x.duration, 0)).toBeCloseTo(7.5, 1);
    // every part decodes, start to end, as one continuous video of the right length
    const frames = await storage.objects.withLocalCopy(path.posix.dirname(siblingKey(cut.masterKey!, rung)), async (d) => {
      const input = await renditionInput(d, work);
      const out = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', ...input.slice(0, -2), input.at(-1)!]).toString();
      return Number(out.trim().split(/\s+/)[0]);
    });
    expect(frames).toBeGreaterThan(7.3 * 30);
    expect(frames).toBeLessThan(7.7 * 30);

    // the cut version downloads as one continuous MP4 (segments read in a row, from a bucket too), then kept
    const mp4 = path.join(work, `cut-${get().storageKind}-${Math.random().toString(36).slice(2, 6)}.mp4`);
    const res = await downloadResponse({ db, storage, ffmpeg: 'ffmpeg' }, cut, true, new Request('http://weft.test/download'));
    expect(res.status).toBe(200);
    fs.writeFileSync(mp4, Buffer.from(await res.arrayBuffer()));
    const dur = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', mp4]).toString());
    expect(dur).toBeGreaterThan(7.3);
    expect(dur).toBeLessThan(7.8);
    await pollUntil(() => storage.objects.stat(versionLayout(id, cut.outputVersion!).download), (x) => x !== null, { timeout: 10_000, interval: 100 });
    // a viewer: not while downloads are off; then the kept file, a part of it
    await expect(downloadResponse({ db, storage, ffmpeg: 'ffmpeg' }, cut, false, new Request('http://weft.test/download'))).rejects.toMatchObject({ code: 'downloads_off' });
    const ranged = await downloadResponse({ db, storage, ffmpeg: 'ffmpeg' }, { ...cut, downloads: true }, false, new Request('http://weft.test/download', { headers: { range: 'bytes=0-9' } }));
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(fs.readFileSync(mp4).subarray(0, 10));

    const { comments } = await listComments(db, id, who, { cuts: cut.outputCuts });
    expect(comments.map((c) => [c.text, c.atSec])).toEqual([['after the cut', 4.5]]);
    expect(comments.find((c) => c.id === inside.id)).toBeUndefined();
    expect(late.atSec).toBe(7);
    expect((await reactionSummary(db, id, cut.outputCuts)).map((r) => [r.emoji, r.atSec])).toEqual([['🎉', 5.5]]);
    const [t] = await db.select().from(videoTranscriptions).where(eq(videoTranscriptions.videoId, id));
    expect(t!.outputVersion).toBe(cut.outputVersion);
    expect(t!.segments.map((s) => [s.text, s.start, s.end])).toEqual([['hello', 0.5, 1.5], ['later', 3.5, 4.5]]);

    // undo: the whole recording again (from the upload), and everything where it was
    await updateVideo(db, id, owner, { cuts: [] });
    const whole = await nextVersion(db, id, cut.outputVersion);
    expect(whole.outputCuts).toEqual([]);
    expect(whole.durationMs! / 1000).toBeCloseTo(10, 0);
    expect((await listComments(db, id, who, { cuts: whole.outputCuts })).comments.map((c) => [c.text, c.atSec]).sort()).toEqual([['after the cut', 7], ['inside the cut', 3]]);
    expect((await reactionSummary(db, id, whole.outputCuts)).map((r) => [r.emoji, r.atSec])).toEqual([['👍', 3], ['🎉', 8]]);
  });

  it('cuts at both ends and in the middle at once; cutting everything is refused', { timeout: 180_000 }, async () => {
    const { db } = get();
    const { id, owner } = await ingest(db, storage, `ends-${get().storageKind}`);
    const first = await nextVersion(db, id, null);
    await expect(updateVideo(db, id, owner, { cuts: [{ startMs: 0, endMs: 6000 }, { startMs: 5000, endMs: 10_000 }] })).rejects.toMatchObject({ code: 'everything_cut' });
    await expect(updateVideo(db, id, owner, { cuts: [{ startMs: 0, endMs: 9800 }] })).rejects.toMatchObject({ code: 'everything_cut' });
    // overlapping and touching ranges merge; the trim API is the cuts at the ends
    const row = await updateVideo(db, id, owner, { cuts: [{ startMs: 0, endMs: 1000 }, { startMs: 4000, endMs: 5000 }, { startMs: 4500, endMs: 6000 }, { startMs: 6000, endMs: 6500 }, { startMs: 9000, endMs: 10_000 }] });
    expect(row.cuts).toEqual([{ startMs: 0, endMs: 1000 }, { startMs: 4000, endMs: 6500 }, { startMs: 9000, endMs: 10_000 }]);
    const v = await nextVersion(db, id, first.outputVersion);
    expect(v.status).toBe('ready');
    expect(v.durationMs! / 1000).toBeCloseTo(5.5, 0);
    const trimmed = await updateVideo(db, id, owner, { trimEndMs: null });
    expect(trimmed.cuts).toEqual([{ startMs: 0, endMs: 1000 }, { startMs: 4000, endMs: 6500 }]);
    const longer = await nextVersion(db, id, v.outputVersion);
    expect(longer.durationMs! / 1000).toBeCloseTo(6.5, 0);
  });
});
