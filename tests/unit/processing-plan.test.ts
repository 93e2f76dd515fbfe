import { PassThrough } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canCopyVideo } from '@/lib/process/media/keyframes';
import { planLadder } from '@/lib/process/media/ladder';
import { parseStoryboardVtt, planStoryboard, storyboardVtt } from '@/lib/process/media/storyboard';
import { tailFile, type GrowthState } from '@/lib/process/media/tail';
import { buildHlsArgs, fasterPreset } from '@/lib/process/media/transcode';

const h264 = { codec: 'h264', width: 1920, height: 1080, pixFmt: 'yuv420p' };
const every = (step: number, until: number) => Array.from({ length: Math.floor(until / step) + 1 }, (_, i) => i * step);

describe('copying the source video as the top rung', () => {
  it('is allowed for H.264 4:2:0 up to 1080p with keyframes at most 4.5 s apart', () => {
    expect(canCopyVideo(h264, every(2, 60), 60)).toBe(true);
    expect(canCopyVideo({ ...h264, width: 720, height: 1280 }, every(2, 10), 10)).toBe(true);
  });

  it('is refused for other codecs, 4:4:4, 4K, sparse keyframes, or no keyframe list', () => {
    expect(canCopyVideo({ ...h264, codec: 'vp8' }, every(2, 60), 60)).toBe(false);
    expect(canCopyVideo({ ...h264, pixFmt: 'yuv444p' }, every(2, 60), 60)).toBe(false);
    expect(canCopyVideo({ ...h264, width: 3840, height: 2160 }, every(2, 60), 60)).toBe(false);
    expect(canCopyVideo(h264, every(10, 60), 60)).toBe(false);
    expect(canCopyVideo(h264, [0], 60)).toBe(false); // one keyframe, then a minute without
    expect(canCopyVideo(h264, [], 60)).toBe(false);
  });
});

describe('ffmpeg arguments for the ladder', () => {
  const rungs = planLadder({ width: 1920, height: 1080, fps: 30 });
  it('copies the top rung and encodes the others from one decode, cutting where the source has keyframes', () => {
    const args = buildHlsArgs({
      input: 'in.mp4',
      outDir: '/out',
      outputs: rungs.map((rung, i) => ({ rung, copy: i === 0 })),
      hasAudio: true,
      preset: 'veryfast',
      segmentSeconds: 2,
      keyframes: 'source',
    });
    const joined = args.join(' ');
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(joined).toContain('-c:v copy');
    expect(joined).toContain('split=3[s0][s1][s2]');
    expect(args.filter((a) => a === 'libx264')).toHaveLength(3);
    expect(args.filter((a) => a === 'source')).toHaveLength(3); // -force_key_frames source per encoded rung
    expect(joined).not.toContain('fps=');
    expect(args.filter((a) => a === 'hls')).toHaveLength(4);
  });

  it('on the grid: constant frame rate and a keyframe every segment, for piped input too', () => {
    const args = buildHlsArgs({
      input: 'pipe:0',
      inputFormat: 'matroska',
      outDir: '/out',
      outputs: [{ rung: rungs[1]!, copy: false }],
      hasAudio: false,
      preset: 'veryfast',
      segmentSeconds: 2,
      keyframes: 'grid',
    });
    expect(args.join(' ')).toContain('-f matroska -i pipe:0');
    expect(args.join(' ')).toContain('[0:v:0]fps=30,split=1');
    expect(args).toContain('expr:gte(t,n_forced*2)');
    expect(args).not.toContain('0:a:0');
  });

  it('the live rung: the faster of the configured preset and superfast, with the quick AAC coder', () => {
    expect(fasterPreset('veryfast', 'superfast')).toBe('superfast');
    expect(fasterPreset('ultrafast', 'superfast')).toBe('ultrafast');
    expect(fasterPreset('no-such-preset', 'superfast')).toBe('superfast');
    const args = buildHlsArgs({
      input: 'pipe:0',
      inputFormat: 'mp4',
      outDir: '/out',
      outputs: [{ rung: rungs[0]!, copy: true }],
      hasAudio: true,
      preset: 'superfast',
      segmentSeconds: 2,
      keyframes: 'source',
      aacCoder: 'fast',
    });
    expect(args.join(' ')).toContain('-c:a aac -aac_coder fast -b:a 128000');
  });
});

describe('storyboard', () => {
  it('plans at most 100 tiles, one per second for short videos', () => {
    expect(planStoryboard(8, 1280, 720)).toMatchObject({ interval: 1, count: 8, columns: 8, rows: 1, tileWidth: 160, tileHeight: 90 });
    expect(planStoryboard(600, 1920, 1080)).toMatchObject({ interval: 6, count: 100, columns: 10, rows: 10 });
    expect(planStoryboard(3600, 1920, 1080).count).toBeLessThanOrEqual(100);
    expect(planStoryboard(10, 720, 1280)).toMatchObject({ tileWidth: 50, tileHeight: 90 }); // portrait
  });

  it('writes a WebVTT thumbnails track that reads back to the same tiles', () => {
    const plan = planStoryboard(25, 1280, 720);
    const vtt = storyboardVtt(plan, 24.5, 'storyboard.jpg');
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    const cues = parseStoryboardVtt(vtt, (name) => `/media/x/${name}?sig=1`);
    expect(cues).toHaveLength(25);
    expect(cues[0]).toMatchObject({ start: 0, end: 1, x: 0, y: 0, w: 160, h: 90, url: '/media/x/storyboard.jpg?sig=1' });
    expect(cues[11]).toMatchObject({ start: 11, x: 160, y: 90 });
    expect(cues[24]!.end).toBe(24.5);
  });
});

describe('following a growing upload', () => {
  it('streams bytes as they are appended and stops at the declared size', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-tail-'));
    const file = path.join(dir, 'upload');
    fs.writeFileSync(file, 'abc');
    let state: GrowthState = { kind: 'growing' };
    const out = new PassThrough();
    const got: Buffer[] = [];
    out.on('data', (d: Buffer) => got.push(d));
    const done = tailFile(out, { file, state: async () => state, pollMs: 10, checkMs: 10, idleTimeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 50));
    fs.appendFileSync(file, 'defg');
    await new Promise((r) => setTimeout(r, 50));
    fs.appendFileSync(file, 'hij');
    state = { kind: 'complete', size: 10 };
    expect(await done).toBe(10);
    expect(Buffer.concat(got).toString()).toBe('abcdefghij');

    const gone = tailFile(new PassThrough(), { file, state: async () => ({ kind: 'gone', reason: 'the upload was cancelled' }), pollMs: 10, checkMs: 10, idleTimeoutMs: 5000 });
    await expect(gone).rejects.toThrow(/cancelled/);
    const stalled = tailFile(new PassThrough(), { file, state: async () => ({ kind: 'growing' }), pollMs: 10, checkMs: 10, idleTimeoutMs: 100 });
    await expect(stalled).rejects.toThrow(/stopped growing/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
