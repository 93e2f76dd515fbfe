import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../platform/db/client';
import { videos } from '../platform/db/schema';
import { WeftError } from '../platform/errors';
import { takeThrottled, type ThrottleRule } from '../platform/accounts/throttle';
import { resumeVideoJobs, withdrawQueuedJob } from '../platform/queue/jobs';
import type { VideoId } from '../shared/api/enums';
import { systemClock, type Clock } from '../platform/clock';
import type { Viewer } from '../videos/policy';
import { PURGE_KIND, purgeJobKey, scheduleVideoPurge } from '../videos/purge';
import { requireManagedVideo } from './sharing';
import { findDeletedVideo, type VideoRow } from '../videos/repo';

/** Deletes and undos per account: a script flipping a video in and out of the bin is stopped. */
const changeRules = (userId: string): ThrottleRule[] => [
  { key: `video-delete:${userId}`, limit: 60, windowMs: 10 * 60_000, code: 'too_many_changes', message: 'Too many deletes and restores.' },
];

/**
 * Hides the video at once, stops its work in progress and queues the removal of its bytes and rows
 * after the undo window (`undoSeconds`); until then `restoreVideo` brings it back. Returns when
 * the removal is due.
 */
export async function deleteVideo(db: Db, idParam: string, caller: Viewer, opts: { undoSeconds: number; clock?: Clock }): Promise<{ purgeAt: Date }> {
  const { id } = await requireManagedVideo(db, idParam, caller);
  const clock = opts.clock ?? systemClock;
  const now = new Date(clock.now());
  const purgeAt = new Date(now.getTime() + opts.undoSeconds * 1000);
  await db.transaction(async (tx) => {
    if (caller.userId) await takeThrottled(tx, changeRules(caller.userId), clock);
    const hit = await tx
      .update(videos)
      .set({ deletedAt: now, updatedAt: now })
      .where(and(eq(videos.id, id), isNull(videos.deletedAt)))
      .returning({ id: videos.id });
    if (hit.length === 0) throw new WeftError('video_not_found', 'No video with this id.');
    await scheduleVideoPurge(tx, id, purgeAt);
  });
  return { purgeAt };
}

/**
 * Undoes a delete while its purge has not started: the video is back as it was (its links, its
 * media URLs), and the work the delete stopped runs again. 410 once the purge has begun.
 */
export async function restoreVideo(db: Db, idParam: string, caller: Viewer, clock: Clock = systemClock): Promise<VideoRow> {
  const row = await findDeletedVideo(db, idParam, caller);
  // a video one may not manage is as absent as one that does not exist
  if (!row) throw new WeftError('video_not_found', 'No deleted video with this id.');
  const id: VideoId = row.id;
  return db.transaction(async (tx) => {
    if (caller.userId) await takeThrottled(tx, changeRules(caller.userId), clock);
    if (!(await withdrawQueuedJob(tx, PURGE_KIND, purgeJobKey(id)))) {
      throw new WeftError('video_purged', 'Too late to undo: this video is being removed, or is gone.');
    }
    const [back] = await tx.update(videos).set({ deletedAt: null, updatedAt: new Date(clock.now()) }).where(eq(videos.id, id)).returning();
    await resumeVideoJobs(tx, id);
    return back!;
  });
}
