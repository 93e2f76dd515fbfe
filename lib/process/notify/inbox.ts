import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client';
import { notifications, videos } from '../../platform/db/schema';
import type { VideoId } from '../../shared/api/enums';

export interface NotificationView {
  id: string;
  videoId: VideoId;
  kind: string;
  message: string;
  read: boolean;
  createdAt: string;
}

/** The caller's notifications (about their videos), newest first, and how many are unread. */
export async function inboxOf(db: DbOrTx, userId: string, limit = 20): Promise<{ unread: number; items: NotificationView[] }> {
  const rows = await db
    .select({ n: notifications })
    .from(notifications)
    .innerJoin(videos, eq(videos.id, notifications.videoId))
    .where(and(eq(videos.ownerId, userId), isNull(videos.deletedAt)))
    .orderBy(desc(notifications.createdAt))
    .limit(100);
  const items = rows.map(({ n }) => ({
    id: n.id,
    videoId: n.videoId,
    kind: n.kind,
    message: n.message,
    read: n.readAt !== null,
    createdAt: n.createdAt.toISOString(),
  }));
  return { unread: items.filter((i) => !i.read).length, items: items.slice(0, limit) };
}

export async function markAllRead(db: DbOrTx, userId: string): Promise<void> {
  const mine = db.select({ id: videos.id }).from(videos).where(eq(videos.ownerId, userId));
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(isNull(notifications.readAt), inArray(notifications.videoId, mine)));
}
