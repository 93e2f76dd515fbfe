import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { videos } from '../db/schema';
import { WeftError } from '../errors';
import { scheduleVideoPurge } from './purge';
import type { Viewer } from './policy';
import { requireManagedVideo } from './sharing';

/** Hides the video at once and queues the removal of its bytes and rows. */
export async function deleteVideo(db: Db, idParam: string, caller: Viewer): Promise<void> {
  const { id } = await requireManagedVideo(db, idParam, caller);
  await db.transaction(async (tx) => {
    const now = new Date();
    const hit = await tx
      .update(videos)
      .set({ deletedAt: now, updatedAt: now })
      .where(and(eq(videos.id, id), isNull(videos.deletedAt)))
      .returning({ id: videos.id });
    if (hit.length === 0) throw new WeftError('video_not_found', 'No video with this id.');
    await scheduleVideoPurge(tx, id);
  });
}
