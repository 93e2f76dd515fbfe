import fsp from 'node:fs/promises';
import path from 'node:path';
import type { RenditionOutput } from '../media/outputs';
import { addRenditions, markReady, setThumbnails } from '../publish';
import { remainingRungs, writeMaster } from './renditions';
import { encodeFollowed, uploadedIn } from './segment-upload';
import { encode, type Base, type Source } from './source';
import { extremes, hasPoster, makeThumbnails, writePoster } from './thumbnails';
import { throwIfAborted, type MediaDeps, type StepContext } from './types';

/**
 * Step 2: the other rungs join the current version `base` (one ffmpeg, one decode), then
 * thumbnails, then `ready`. Every write checks that `base` is still the current version; a newer
 * one (a trim) makes this one stop quietly.
 */
export async function completeVersionStep(ctx: StepContext, deps: MediaDeps, src: Source, base: Base): Promise<void> {
  const { db, signal } = ctx;
  const { layout } = base;
  const target = { published: layout };
  // an attempt that died may have left rung folders that no master lists: they are redone
  const rest = remainingRungs(src.shape, base.first.rung.name).filter(
    (r) => Math.min(r.width, r.height) !== Math.min(base.first.rung.width, base.first.rung.height),
  );
  let outputs: RenditionOutput[] = [base.first.output];
  // a poster at once, so the share page and the library show a picture while the ladder runs
  if (!(await hasPoster(deps, target))) {
    await writePoster(deps, target, base.first.output, signal, src.scratchLabel('thumbs'));
    if (!(await setThumbnails(db, src.videoId, layout.version, { posterKey: layout.poster }))) return;
  }
  if (rest.length > 0) {
    const scratch = await deps.storage.scratch.make(src.scratchLabel('ladder'));
    try {
      // on a bucket, the rungs' segments go up while ffmpeg writes them (no master lists them yet)
      const { result: made, uploaded } = await encodeFollowed(deps.storage, scratch, layout.prefix, () =>
        encode(ctx, deps, src, scratch, rest.map((rung) => ({ rung, copy: false })), base.keyframes, 'ladder'),
      );
      for (const o of made) await deps.storage.objects.publishDir(path.join(scratch, o.name), layout.rung(o.name), uploadedIn(uploaded, o.name));
      outputs = [...outputs, ...made];
      if (!(await addRenditions(db, src.videoId, layout.version, made))) return; // superseded meanwhile
      await writeMaster(deps.storage, layout, outputs);
    } finally {
      await fsp.rm(scratch, { recursive: true, force: true });
    }
  }
  const { sorted, top, small } = extremes(outputs, base.first.output);
  await makeThumbnails(ctx, deps, src, target, top, small, top.name !== base.first.output.name);
  const keys = { posterKey: layout.poster, previewKey: layout.preview, storyboardKey: layout.storyboardVtt };
  if (!(await setThumbnails(db, src.videoId, layout.version, keys))) return;
  throwIfAborted(signal);
  await markReady(db, {
    videoId: src.videoId,
    version: layout.version,
    uploadId: src.uploadId,
    durationSec: top.durationSec,
    renditionNames: sorted.map((o) => o.name),
  });
}
