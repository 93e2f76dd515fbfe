import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followSegments } from '@/lib/process/pipeline/segment-upload';
import type { s3Storage } from '@/lib/platform/storage/s3';
import { diskStorage } from '@/lib/platform/storage/disk';
import { tempDir } from '../helpers/databases';
import { pollUntil } from '../helpers/poll';
import { readObject, startLocalS3, type LocalS3 } from '../helpers/storage';

/** ffmpeg writing a 1 s-segment HLS rung in real time (-re), as a live ingest or the ladder does. */
function hlsInRealTime(outDir: string, seconds: number) {
  fs.mkdirSync(path.join(outDir, '360p'), { recursive: true });
  const child = spawn(
    'ffmpeg',
    ['-loglevel', 'error', '-re', '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30:duration=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30',
      '-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'vod', '-hls_segment_filename', path.join(outDir, '360p', 'seg_%04d.ts'), path.join(outDir, '360p', 'index.m3u8')],
    { stdio: 'ignore' },
  );
  return new Promise<number | null>((resolve) => child.on('exit', resolve));
}

describe('segments go up while ffmpeg writes them', () => {
  let dir: string;
  let s3: LocalS3;
  let storage: ReturnType<typeof s3Storage>;
  beforeAll(async () => {
    dir = tempDir('segments');
    s3 = await startLocalS3(path.join(dir, 'bucket'));
    storage = s3.storage('weft-segments', path.join(dir, 'scratch'));
  });
  afterAll(async () => {
    await s3?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('on a bucket: finished segments are there before ffmpeg ends, the playlist only once published, nothing put twice', async () => {
    const out = path.join(dir, 'work');
    const prefix = 'videos/v1/ver1';
    const follower = followSegments(storage, out, prefix, 200);
    const done = hlsInRealTime(out, 6);
    let ended = false;
    void done.then(() => (ended = true));
    // about 3 s in, while ffmpeg is still writing
    const early = await pollUntil(() => storage.objects.list(prefix), (keys) => keys.filter((k) => k.endsWith('.ts')).length >= 2, { timeout: 15_000, interval: 100 });
    expect(ended).toBe(false);
    expect(early.some((k) => k.endsWith('.m3u8'))).toBe(false);
    expect(await done).toBe(0);
    const uploaded = await follower.finish();
    expect(uploaded.size).toBeGreaterThanOrEqual(2);
    const local = fs.readdirSync(path.join(out, '360p'));
    const putsBefore = s3.puts;
    await storage.objects.publishDir(out, prefix, uploaded);
    // only what had not gone up yet: the playlist and the last segments
    expect(s3.puts - putsBefore).toBe(local.length - uploaded.size);
    const keys = await storage.objects.list(prefix);
    expect(keys.sort()).toEqual(local.map((f) => `${prefix}/360p/${f}`).sort());
    const playlist = (await readObject(storage, `${prefix}/360p/index.m3u8`)).toString('utf8');
    expect(playlist).toContain('#EXT-X-ENDLIST');
  }, 40_000);

  it('on disk (publishing is a rename) it uploads nothing early', async () => {
    const disk = diskStorage(path.join(dir, 'disk'));
    const out = path.join(dir, 'work-disk');
    const follower = followSegments(disk, out, 'videos/v2/ver1', 100);
    expect(await hlsInRealTime(out, 2)).toBe(0);
    expect((await follower.finish()).size).toBe(0);
  }, 20_000);
});
