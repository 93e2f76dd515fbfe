import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { notifications, users } from '../db/schema';
import { formatDuration } from '../format';
import { commentForNotice } from '../social/service';
import { shareUrl } from '../videos/view';
import { commentEmail, type Mailer } from './mail';
import { enqueueWebhookDeliveries } from './webhooks';

/**
 * A viewer commented → the owner gets an in-app notification, an e-mail when SMTP is configured,
 * and a `comment.created` webhook to each endpoint that asked for it. Once each per comment.
 */
export async function notifyComment(db: Db, commentId: string, opts: { mailer?: Mailer; publicUrl: string | null }): Promise<void> {
  const found = await commentForNotice(db, commentId);
  if (!found?.ownerId) return;
  const { comment, title, ownerId } = found;
  const kind = `comment:${comment.id}`;
  const at = formatDuration(comment.atSec * 1000);
  await db
    .insert(notifications)
    .values({ videoId: comment.videoId, kind, message: `${comment.authorName} commented at ${at} on “${title}”.` })
    .onConflictDoNothing();
  const [note] = await db.select().from(notifications).where(and(eq(notifications.videoId, comment.videoId), eq(notifications.kind, kind)));
  const [owner] = await db.select().from(users).where(eq(users.id, ownerId));
  const link = `${shareUrl(opts.publicUrl ?? 'http://localhost:3000', comment.videoId)}?t=${Math.floor(comment.atSec)}`;
  if (opts.mailer && owner && note && !note.emailedAt) {
    await opts.mailer.send({ to: owner.email, ...commentEmail({ name: owner.name, title, author: comment.authorName, text: comment.text, link, at }) });
    await db.update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, note.id));
  }
  await db.transaction((tx) =>
    enqueueWebhookDeliveries(tx, ownerId, 'comment.created', comment.id, {
      videoId: comment.videoId,
      title,
      commentId: comment.id,
      parentId: comment.parentId,
      author: { name: comment.authorName, signedIn: comment.authorId !== null },
      text: comment.text,
      atSec: comment.atSec,
      url: link,
    }),
  );
}
