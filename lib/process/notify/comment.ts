import { shownTime } from '../../shared/cuts';
import { and, asc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { comments, notifications, users, videos } from '../../platform/db/schema';
import { formatDuration } from '../../shared/format';
import { shareUrl } from '../../videos/view';
import type { VideoId } from '../../shared/api/enums';
import { commentEmail, type Mailer } from './mail';
import { enqueueWebhookDeliveries } from './webhooks';

/**
 * Viewers commented → the owner hears about it in batches: one in-app notice and one e-mail per
 * burst (the comments of a `WEFT_COMMENT_DIGEST_SECONDS` window, counted), and a `comment.created`
 * webhook per comment (machines want each one). A comment is told once: the batch marks its
 * comments in the same transaction that writes the notice and enqueues the webhooks.
 */

/** The digest job of the window a comment made now falls in: its dedupe key and when it runs (the window's end). */
export function commentDigestJob(videoId: VideoId, windowSeconds: number, now = Date.now()): { dedupeKey: string; runAt: Date } {
  const w = windowSeconds * 1000;
  const bucket = Math.floor(now / w);
  return { dedupeKey: `notify-comments:${videoId}:${bucket}`, runAt: new Date((bucket + 1) * w) };
}

export async function notifyComments(db: Db, videoId: VideoId, opts: { mailer?: Mailer; publicUrl: string | null }): Promise<void> {
  const [video] = await db.select({ title: videos.title, ownerId: videos.ownerId, cuts: videos.outputCuts }).from(videos).where(eq(videos.id, videoId));
  if (!video?.ownerId) return;
  const ownerId = video.ownerId;
  const base = opts.publicUrl ?? 'http://localhost:3000';
  const linkAt = (atSec: number) => `${shareUrl(base, videoId)}?t=${Math.floor(atSec)}`;
  await db.transaction(async (tx) => {
    // everything not told yet (the owner's own comments are never told)
    const pending = await tx
      .select()
      .from(comments)
      .where(and(eq(comments.videoId, videoId), isNull(comments.notifiedAt), or(isNull(comments.authorId), sql`${comments.authorId} <> ${ownerId}::uuid`)))
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .limit(500);
    if (pending.length === 0) return;
    const told = await tx
      .update(comments)
      .set({ notifiedAt: new Date() })
      .where(and(inArray(comments.id, pending.map((c) => c.id)), isNull(comments.notifiedAt)))
      .returning({ id: comments.id });
    const ids = new Set(told.map((t) => t.id));
    // stored in the recording's time: told at the time viewers see
    const batch = pending.filter((c) => ids.has(c.id)).map((c) => ({ ...c, atSec: shownTime(video.cuts, c.atSec) ?? 0 }));
    const first = batch[0];
    if (!first) return;
    const nameOf = (c: (typeof batch)[number]) => (c.authorId ? c.authorName : `${c.authorName} (guest)`);
    const authors = [...new Set(batch.map(nameOf))];
    const message =
      batch.length === 1
        ? `${nameOf(first)} commented at ${formatDuration(first.atSec * 1000)} on “${video.title}”.`
        : `${authors[0]}${authors.length > 1 ? ` and ${authors.length - 1} other${authors.length > 2 ? 's' : ''}` : ''} left ${batch.length} comments on “${video.title}”.`;
    await tx.insert(notifications).values({ videoId, kind: `comments:${first.id}`, message }).onConflictDoNothing();
    for (const c of batch) {
      await enqueueWebhookDeliveries(tx, ownerId, 'comment.created', c.id, {
        videoId,
        title: video.title,
        commentId: c.id,
        parentId: c.parentId,
        author: { name: c.authorName, signedIn: c.authorId !== null },
        text: c.text,
        atSec: c.atSec,
        url: linkAt(c.atSec),
      });
    }
  });
  if (!opts.mailer) return;
  // the e-mails of this video's batches not sent yet (this one, or one whose job died after its transaction)
  const unsent = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.videoId, videoId), like(notifications.kind, 'comments:%'), isNull(notifications.emailedAt)));
  const [owner] = await db.select().from(users).where(eq(users.id, ownerId));
  if (!owner) return;
  for (const note of unsent) {
    const firstId = note.kind.slice('comments:'.length);
    const [first] = await db.select().from(comments).where(eq(comments.id, firstId));
    if (!first?.notifiedAt) continue;
    const [{ n } = { n: 1 }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(comments)
      .where(and(eq(comments.videoId, videoId), eq(comments.notifiedAt, first.notifiedAt)));
    await opts.mailer.send({
      to: owner.email,
      ...commentEmail({ name: owner.name, title: video.title, author: first.authorId ? first.authorName : `${first.authorName} (guest)`, text: first.text, link: linkAt(shownTime(video.cuts, first.atSec) ?? 0), at: formatDuration((shownTime(video.cuts, first.atSec) ?? 0) * 1000), more: Math.max(0, Number(n) - 1) }),
    });
    await db.update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, note.id));
  }
}
