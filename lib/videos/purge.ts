import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../platform/db/client';
import { videos, invites } from '../platform/db/schema';
import { uploadsOfVideo } from './repo';
import { videoOutputsPrefix } from './layout';
import type { ObjectStore } from '../platform/storage';
import { cancelVideoJobs } from '../platform/queue/jobs';
import { enqueueJob } from '../platform/queue/payloads';
import type { VideoId } from '../shared/api/enums';

export const purgeJobKey = (videoId: VideoId) => `purge-video:${videoId}`;
export const PURGE_KIND = 'purge-video';

/**
 * A video was deleted (or its recording cancelled): the work still queued or running for it stops —
 * a running transcode notices at its next heartbeat and its ffmpeg is killed — and one job removes
 * its bytes and rows, at `runAt` (after the undo window; now by default). Call in the transaction
 * that hides the video.
 */
export async function scheduleVideoPurge(tx: DbOrTx, videoId: VideoId, runAt?: Date): Promise<void> {
  await cancelVideoJobs(tx, videoId);
  await enqueueJob(tx, 'purge-video', { videoId }, { dedupeKey: purgeJobKey(videoId), videoId, runAt });
}

/** The purge itself: the upload's bytes, every output version, then the rows (cascading). Only a video still deleted. */
export async function purgeVideo(db: Db, objects: ObjectStore, videoId: VideoId): Promise<void> {
  const [still] = await db.select({ id: videos.id }).from(videos).where(and(eq(videos.id, videoId), isNotNull(videos.deletedAt)));
  if (!still) return;
  for (const u of await uploadsOfVideo(db, videoId)) await objects.deletePrefix(u.storageKey);
  await objects.deletePrefix(videoOutputsPrefix(videoId));
  await db.delete(invites).where(eq(invites.videoId, videoId)); // invites to watch it (no foreign key)
  await db.delete(videos).where(eq(videos.id, videoId));
}
