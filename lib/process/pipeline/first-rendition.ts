import fsp from 'node:fs/promises';
import path from 'node:path';
import { PermanentJobError } from '../../platform/errors';
import { writeMasterPlaylist } from '../media/hls';
import { publishFirstRendition } from '../publish';
import { OUTPUT_FILES, versionLayout, type VersionLayout } from '../../videos/layout';
import { copyRung, firstEncodedRung, newVersion } from './renditions';
import { encodeFollowed } from './segment-upload';
import { canCopySource, encode, type Base, type Source } from './source';
import type { MediaDeps, StepContext } from './types';

/** The first rung of a source that cannot be copied (plain uploads): small, so it is playable soon. */
const FIRST_RUNG_MAX_RESOLUTION = 480;

/** Deletes the version a publish replaced (after the switch, nobody is sent there any more). */
export async function dropReplaced(deps: MediaDeps, layout: VersionLayout, previousVersion: string | null): Promise<void> {
  if (previousVersion) await deps.storage.objects.deletePrefix(versionLayout(layout.videoId, previousVersion).prefix);
}

/** Step 1, nothing is published yet: the first rung, fast (the H.264 video copied, or one small encoded rung), as `playable`. */
export async function publishFirstStep(ctx: StepContext, deps: MediaDeps, src: Source): Promise<Base | null> {
  const copy = await canCopySource(deps, src, ctx.signal);
  const rung = copy ? copyRung(src.shape) : firstEncodedRung(src.shape, FIRST_RUNG_MAX_RESOLUTION);
  const layout = versionLayout(src.videoId, newVersion());
  const scratch = await deps.storage.scratch.make(src.scratchLabel('first'));
  let published = false;
  try {
    const { result: outputs, uploaded } = await encodeFollowed(deps.storage, scratch, layout.prefix, () =>
      encode(ctx, deps, src, scratch, [{ rung, copy }], copy ? 'source' : 'grid', 'first'),
    );
    const [output] = outputs;
    if (!output) throw new Error('no rendition was made');
    if (output.durationSec <= 0) throw new PermanentJobError('empty_video', 'The video has no frames.');
    await fsp.writeFile(path.join(scratch, OUTPUT_FILES.master), writeMasterPlaylist([output]));
    await deps.storage.objects.publishDir(scratch, layout.prefix, uploaded);
    published = true;
    const res = await publishFirstRendition(ctx.db, {
      videoId: src.videoId,
      version: layout.version,
      output,
      facts: { width: src.shape.width, height: src.shape.height, durationSec: output.durationSec, sourceCodec: src.codec, cuts: src.cuts, sourceMs: src.sourceMs },
    });
    if (!res.ok) {
      await deps.storage.objects.deletePrefix(layout.prefix);
      return null;
    }
    await dropReplaced(deps, layout, res.previousVersion);
    return { layout, first: { rung, output }, keyframes: copy ? 'source' : 'grid' };
  } catch (e) {
    // segments that went up early belong to a version nobody will see
    if (!published && deps.storage.objects.copyFile) await deps.storage.objects.deletePrefix(layout.prefix).catch(() => undefined);
    throw e;
  } finally {
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}
