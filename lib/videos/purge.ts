import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { videos } from '../db/schema';
import { videoOutputsPrefix } from '../processing/layout';
import type { Storage } from '../storage';
import { uploadsOfVideo } from '../uploads/service';
import { cancelVideoJobs } from '../queue/jobs';
import { enqueueJob } from '../queue/payloads';
import type { VideoId } from '../api/enums';

/**
 * A video was deleted (or its recording cancelled): the work still queued or running for it stops —
 * a running transcode notices at its next heartbeat and its ffmpeg is killed — and one job removes
 * its bytes and rows. Call in the transaction that hides the video.
 */
export async function scheduleVideoPurge(tx: DbOrTx, videoId: VideoId): Promise<void> {
  await cancelVideoJobs(tx, videoId, 'the video was deleted');
  await enqueueJob(tx, 'purge-video', { videoId }, { dedupeKey: `purge-video:${videoId}`, videoId });
}

/** The purge itself: the upload's bytes, every output version, then the rows (cascading). */
export async function purgeVideo(db: Db, storage: Pick<Storage, 'deletePrefix'>, videoId: VideoId): Promise<void> {
  for (const u of await uploadsOfVideo(db, videoId)) await storage.deletePrefix(u.storageKey);
  await storage.deletePrefix(videoOutputsPrefix(videoId));
  await db.delete(videos).where(eq(videos.id, videoId));
}
