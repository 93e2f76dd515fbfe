import { describe, expect, it } from 'vitest';
import { planLadder, targetFps, videoBitrate } from '@/lib/process/media/ladder';

const names = (w: number, h: number) => planLadder({ width: w, height: h, fps: 30 }).map((r) => r.name);

describe('ladder planner', () => {
  it('never makes a rung taller than the source', () => {
    expect(names(1920, 1080)).toEqual(['1080p', '720p', '480p', '360p']);
    expect(names(3840, 2160)).toEqual(['1080p', '720p', '480p', '360p']);
    expect(names(1280, 720)).toEqual(['720p', '480p', '360p']);
    expect(names(640, 360)).toEqual(['360p']);
  });

  it('counts the source height as a rung when it lies between standard ones', () => {
    expect(names(1366, 768)).toEqual(['768p', '720p', '480p', '360p']);
    expect(names(1067, 600)).toEqual(['600p', '480p', '360p']);
    expect(names(320, 240)).toEqual(['240p']);
  });

  it('gives every source of 480p or more at least two rungs', () => {
    for (const [w, h] of [[854, 480], [640, 480], [720, 540], [1920, 1080]] as const) {
      expect(planLadder({ width: w, height: h, fps: 30 }).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('keeps the aspect ratio with even dimensions, for portrait and 4:3 too', () => {
    const portrait = planLadder({ width: 720, height: 1280, fps: 30 });
    expect(portrait.map((r) => [r.width, r.height])).toEqual([
      [720, 1280],
      [480, 854],
      [360, 640],
    ]);
    const fourThree = planLadder({ width: 1024, height: 768, fps: 30 });
    expect(fourThree[0]).toMatchObject({ width: 1024, height: 768 });
    expect(fourThree.find((r) => r.name === '480p')).toMatchObject({ width: 640, height: 480 });
    for (const r of [...portrait, ...fourThree, ...planLadder({ width: 1366, height: 768, fps: 30 })]) {
      expect(r.width % 2).toBe(0);
      expect(r.height % 2).toBe(0);
    }
  });

  it('gives bigger rungs more bits, with the peak at most twice the average', () => {
    const rungs = planLadder({ width: 1920, height: 1080, fps: 30 });
    for (let i = 1; i < rungs.length; i++) expect(rungs[i - 1]!.videoBitrate).toBeGreaterThan(rungs[i]!.videoBitrate);
    for (const r of rungs) expect(r.maxBitrate).toBeLessThanOrEqual(2 * r.videoBitrate);
    expect(videoBitrate(1920, 1080, 30)).toBeGreaterThan(2_500_000);
    expect(videoBitrate(1920, 1080, 30)).toBeLessThan(4_500_000);
    expect(videoBitrate(640, 360, 30)).toBeLessThan(900_000);
  });

  it('caps the frame rate at 30 and repairs absurd rates from MediaRecorder', () => {
    expect(targetFps(1000)).toBe(30);
    expect(targetFps(null)).toBe(30);
    expect(targetFps(60)).toBe(30);
    expect(targetFps(24)).toBe(24);
  });
});
