import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { writeMasterPlaylist } from '../media/hls';
import { planLadder, targetFps, type Rung, type SourceShape } from '../media/ladder';
import { measureRendition, type RenditionOutput } from '../media/outputs';
import type { ProbeResult } from '../media/probe';
import { readText, type Storage } from '../../platform/storage';
import { carrySubtitles } from '../captions/hls';
import type { VersionLayout } from '../../videos/layout';

export const SEGMENT_SECONDS = 2;
/** The live rung of a source that cannot be copied: fast enough to keep up with a recording on 2 cores. */
export const LIVE_TRANSCODE_MAX_RESOLUTION = 720;

export function newVersion(): string {
  return `o${Date.now().toString(36)}${randomUUID().slice(0, 6)}`;
}

export function shapeOf(video: NonNullable<ProbeResult['video']>): SourceShape {
  const rotated = Math.abs(video.rotation) % 180 === 90;
  return { width: rotated ? video.height : video.width, height: rotated ? video.width : video.height, fps: video.fps };
}

/** The rung a copied H.264 stream becomes: the source's own size. */
export function copyRung(shape: SourceShape): Rung {
  const top = planLadder(shape)[0];
  const short = Math.min(shape.width, shape.height);
  return {
    name: `${short}p`,
    width: shape.width,
    height: shape.height,
    videoBitrate: top?.videoBitrate ?? 0,
    maxBitrate: top?.maxBitrate ?? 0,
    bufferSize: top?.bufferSize ?? 0,
    audioBitrate: 128_000,
    fps: targetFps(shape.fps),
  };
}

/** The single rung encoded first when the source cannot be copied: the largest one up to `maxResolution`. */
export function firstEncodedRung(shape: SourceShape, maxResolution: number): Rung {
  const ladder = planLadder(shape);
  const fit = ladder.find((r) => Math.min(r.width, r.height) <= maxResolution);
  return fit ?? ladder[ladder.length - 1] ?? copyRung(shape);
}

/** The rungs still to make once `made` exists: never a second rung of the same size. */
export function remainingRungs(shape: SourceShape, made: string): Rung[] {
  return planLadder(shape).filter((r) => r.name !== made);
}

export async function measureAll(
  ffprobe: string,
  baseDir: string,
  rungs: Rung[],
  hasAudio: boolean,
): Promise<RenditionOutput[]> {
  const out: RenditionOutput[] = [];
  for (const r of rungs) out.push(await measureRendition(ffprobe, path.join(baseDir, r.name), r, hasAudio));
  return out;
}

export async function writeMaster(storage: Storage, layout: VersionLayout, outputs: RenditionOutput[]): Promise<void> {
  // captions listed meanwhile (a transcript done before the ladder) stay listed
  const before = await readText(storage.objects, layout.master).catch(() => '');
  await storage.objects.writeFile(layout.master, carrySubtitles(before, writeMasterPlaylist(outputs)));
}
