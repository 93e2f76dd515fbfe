import fsp from 'node:fs/promises';
import path from 'node:path';
import type { RenditionOutput } from '../media/outputs';
import { planStoryboard, storyboardVtt } from '../media/storyboard';
import { extractPoster, makeAnimatedPreview, makeStoryboardSprite } from '../media/thumbnails';
import { setVideoStage } from '../../videos/repo';
import { OUTPUT_FILES, type VersionLayout } from '../../videos/layout';
import { withLocalRendition } from './local-rendition';
import { SEGMENT_SECONDS } from './renditions';
import type { Source } from './source';
import type { MediaDeps, StepContext } from './types';

/**
 * Where a version's thumbnails are made: a published version in storage (its renditions are read
 * from there, each picture is put whole when done), or a version still in a local scratch folder.
 */
export type ThumbnailTarget = { published: VersionLayout } | { localDir: string; inputs?: Record<string, string> };

type OutputName = (typeof OUTPUT_FILES)[keyof typeof OUTPUT_FILES];

interface Place {
  /** Runs fn with a local playlist of a rendition (only its first `upToSec` needed, when given). */
  rendition<T>(r: RenditionOutput, upToSec: number | undefined, fn: (playlist: string) => Promise<T>): Promise<T>;
  has(name: OutputName): Promise<boolean>;
  /** Makes an output with `make(localFile)`, then puts it in place whole. */
  write(name: OutputName, make: (file: string) => Promise<void>): Promise<void>;
}

function placeOf(deps: MediaDeps, target: ThumbnailTarget, scratchLabel: string): Place {
  if ('localDir' in target) {
    const dir = target.localDir;
    return {
      // `inputs`: a rendition read from another file (a cut version's segments in a row)
      rendition: (r, _upTo, fn) => fn(target.inputs?.[r.name] ?? path.join(dir, r.uri)),
      has: async (name) => Boolean(await fsp.stat(path.join(dir, name)).catch(() => null)),
      write: async (name, make) => {
        const next = path.join(dir, `next.${name}`);
        await make(next);
        await fsp.rename(next, path.join(dir, name));
      },
    };
  }
  const layout = target.published;
  return {
    rendition: (r, upToSec, fn) => withLocalRendition(deps.storage, layout.rung(r.name), { upToSec, scratchLabel }, fn),
    has: async (name) => Boolean(await deps.storage.objects.stat(layout.key(name))),
    write: async (name, make) => {
      const out = await deps.storage.scratch.make(scratchLabel);
      try {
        const file = path.join(out, name);
        await make(file);
        await deps.storage.objects.putFile(layout.key(name), file);
      } finally {
        await fsp.rm(out, { recursive: true, force: true });
      }
    },
  };
}

/** A poster from the middle of the first second or third of a rendition, made aside and put whole (a shown poster is replaced at once). */
export async function writePoster(deps: MediaDeps, target: ThumbnailTarget, from: RenditionOutput, signal: AbortSignal, scratchLabel: string): Promise<void> {
  const place = placeOf(deps, target, scratchLabel);
  const at = Math.min(1, from.durationSec / 3);
  await place.write(OUTPUT_FILES.poster, (file) =>
    place.rendition(from, at + SEGMENT_SECONDS, (playlist) => extractPoster(deps.config.FFMPEG_PATH, playlist, file, at, 720, signal)),
  );
}

export function hasPoster(deps: MediaDeps, target: ThumbnailTarget): Promise<boolean> {
  return placeOf(deps, target, 'thumbs').has(OUTPUT_FILES.poster);
}

/** Poster, animated preview and storyboard (sprite + WebVTT) of a version. */
export async function makeThumbnails(
  ctx: StepContext,
  deps: MediaDeps,
  src: Source,
  target: ThumbnailTarget,
  top: RenditionOutput,
  small: RenditionOutput,
  refreshPoster: boolean,
): Promise<void> {
  const ffmpeg = deps.config.FFMPEG_PATH;
  const label = src.scratchLabel('thumbs');
  const place = placeOf(deps, target, label);
  await setVideoStage(ctx.db, src.videoId, { stage: 'thumbnails', progress: 0 });
  const duration = top.durationSec;
  if (refreshPoster || !(await place.has(OUTPUT_FILES.poster))) await writePoster(deps, target, top, ctx.signal, label);
  await setVideoStage(ctx.db, src.videoId, { progress: 0.3 });
  const plan = planStoryboard(duration, top.width, top.height);
  await place.rendition(small, undefined, async (smallInput) => {
    await place.write(OUTPUT_FILES.preview, (file) => makeAnimatedPreview(ffmpeg, smallInput, file, duration, ctx.signal));
    await setVideoStage(ctx.db, src.videoId, { progress: 0.6 });
    // the sprite before the track that names it
    await place.write(OUTPUT_FILES.storyboardSprite, (file) => makeStoryboardSprite(ffmpeg, smallInput, file, plan, SEGMENT_SECONDS, ctx.signal));
  });
  await place.write(OUTPUT_FILES.storyboardVtt, (file) => fsp.writeFile(file, storyboardVtt(plan, duration, OUTPUT_FILES.storyboardSprite)));
}

/** Largest and smallest of a version's renditions (thumbnails come from them). */
export function extremes(outputs: RenditionOutput[], fallback: RenditionOutput): { sorted: RenditionOutput[]; top: RenditionOutput; small: RenditionOutput } {
  const sorted = [...outputs].sort((a, b) => b.height - a.height);
  const top = sorted[0] ?? fallback;
  return { sorted, top, small: sorted[sorted.length - 1] ?? top };
}
