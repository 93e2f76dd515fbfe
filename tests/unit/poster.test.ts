import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractPoster, makeStoryboardSprite } from '@/lib/process/media/thumbnails';
import { planStoryboard } from '@/lib/process/media/storyboard';
import { probeMedia } from '@/lib/process/media/probe';
import { tempDir } from '../helpers/databases';

const dir = tempDir('poster');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('posters and probe messages on odd inputs', () => {
  it('a video of one frame gets a poster even when asked for a time past its end', async () => {
    const one = path.join(dir, 'one.mp4');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-frames:v', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', one]);
    const out = path.join(dir, 'poster.jpg');
    await extractPoster('ffmpeg', one, out, 0.5, 720);
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
  });

  it('a video of one frame gets a one-tile storyboard (it used to fail the job five times)', async () => {
    const one = path.join(dir, 'one-frame.mp4');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-frames:v', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', one]);
    const sprite = path.join(dir, 'storyboard.jpg');
    await makeStoryboardSprite('ffmpeg', one, sprite, planStoryboard(0.033, 320, 240), 2);
    expect(fs.statSync(sprite).size).toBeGreaterThan(1000);
  });

  it('a truncated MP4 is refused with ffmpeg’s reason, without its internal prefix', async () => {
    const full = path.join(dir, 'full.mp4');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', full]);
    const cut = path.join(dir, 'cut.mp4');
    fs.writeFileSync(cut, fs.readFileSync(full).subarray(0, Math.floor(fs.statSync(full).size * 0.4)));
    const e = await probeMedia('ffprobe', cut).catch((x: unknown) => x as Error);
    expect((e as Error).message).toBe('The uploaded file is not a video that can be read (moov atom not found).');
  });
});

describe('lists of other files are never followed', () => {
  it('refuses an ffconcat list, an HLS playlist and a DASH manifest by their first bytes, naming no path', async () => {
    for (const [name, body] of [
      ['list.mp4', "ffconcat version 1.0\nfile 'other-upload'\n"],
      ['playlist.mp4', '#EXTM3U\n#EXTINF:10,\nhttp://169.254.169.254/x\n'],
      ['manifest.webm', '<?xml version="1.0"?><MPD></MPD>'],
    ]) {
      const f = path.join(dir, name!);
      fs.writeFileSync(f, body!);
      const e = (await probeMedia('ffprobe', f).catch((x: unknown) => x)) as Error;
      expect(e.message, name).toBe('The uploaded file is a playlist or a list of other files, not a video.');
    }
  });
});
