/**
 * A version replaced by a new one (an edit applied, a re-processing) stays in storage for a grace
 * period: viewers who opened it before the switch play on; their next load gets the new one.
 */
import type { DbOrTx } from '../../platform/db/client';
import type { ObjectStore } from '../../platform/storage';
import { enqueueJob } from '../../platform/queue/payloads';
import { findVideo } from '../../videos/repo';
import { versionLayout } from '../../videos/layout';
import type { VideoId } from '../../shared/api/enums';

/** How long a replaced version's files stay. */
export const REPLACED_VERSION_GRACE_MS = 10 * 60_000;

export async function scheduleVersionDrop(db: DbOrTx, videoId: VideoId, version: string, graceMs = REPLACED_VERSION_GRACE_MS): Promise<void> {
  await enqueueJob(db, 'drop-version', { videoId, version }, { dedupeKey: `drop-version:${videoId}:${version}`, videoId, runAt: new Date(Date.now() + graceMs) });
}

/** Removes a version's files unless it is the video's current one again (a deleted video's purge takes the rest). */
export async function dropVersion(db: DbOrTx, objects: ObjectStore, videoId: VideoId, version: string): Promise<boolean> {
  const video = await findVideo(db, videoId);
  if (video?.outputVersion === version) return false;
  await objects.deletePrefix(versionLayout(videoId, version).prefix);
  return true;
}
