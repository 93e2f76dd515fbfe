import fsp from 'node:fs/promises';
import path from 'node:path';
import type { RenditionOutput } from '../media/outputs';
import { planStoryboard, storyboardVtt } from '../media/storyboard';
import { extractPoster, makeAnimatedPreview, makeStoryboardSprite } from '../media/thumbnails';
import { setVideoStage } from '../videos/repo';
import { OUTPUT_FILES } from './layout';
import { SEGMENT_SECONDS } from './renditions';
import type { Source } from './source';
import type { MediaDeps, StepContext } from './types';

/** A poster from the middle of the first second or third of a rendition, written aside and renamed (a shown poster is replaced whole). */
export async function writePoster(deps: MediaDeps, dir: string, from: RenditionOutput, signal: AbortSignal): Promise<void> {
  const next = path.join(dir, 'poster.next.jpg');
  await extractPoster(deps.config.FFMPEG_PATH, path.join(dir, from.uri), next, Math.min(1, from.durationSec / 3), 720, signal);
  await fsp.rename(next, path.join(dir, OUTPUT_FILES.poster));
}

export async function hasPoster(dir: string): Promise<boolean> {
  return Boolean(await fsp.stat(path.join(dir, OUTPUT_FILES.poster)).catch(() => null));
}

/** Poster, animated preview and storyboard (sprite + WebVTT) in a version's folder `dir`. */
export async function makeThumbnails(
  ctx: StepContext,
  deps: MediaDeps,
  src: Source,
  dir: string,
  top: RenditionOutput,
  small: RenditionOutput,
  refreshPoster: boolean,
): Promise<void> {
  const ffmpeg = deps.config.FFMPEG_PATH;
  await setVideoStage(ctx.db, src.videoId, { stage: 'thumbnails', progress: 0 });
  const duration = top.durationSec;
  if (refreshPoster || !(await hasPoster(dir))) await writePoster(deps, dir, top, ctx.signal);
  await setVideoStage(ctx.db, src.videoId, { progress: 0.3 });
  const smallInput = path.join(dir, small.uri);
  await makeAnimatedPreview(ffmpeg, smallInput, path.join(dir, OUTPUT_FILES.preview), duration, ctx.signal);
  await setVideoStage(ctx.db, src.videoId, { progress: 0.6 });
  const plan = planStoryboard(duration, top.width, top.height);
  await makeStoryboardSprite(ffmpeg, smallInput, path.join(dir, OUTPUT_FILES.storyboardSprite), plan, SEGMENT_SECONDS, ctx.signal);
  await fsp.writeFile(path.join(dir, OUTPUT_FILES.storyboardVtt), storyboardVtt(plan, duration, OUTPUT_FILES.storyboardSprite));
}

/** Largest and smallest of a version's renditions (thumbnails come from them). */
export function extremes(outputs: RenditionOutput[], fallback: RenditionOutput): { sorted: RenditionOutput[]; top: RenditionOutput; small: RenditionOutput } {
  const sorted = [...outputs].sort((a, b) => b.height - a.height);
  const top = sorted[0] ?? fallback;
  return { sorted, top, small: sorted[sorted.length - 1] ?? top };
}
