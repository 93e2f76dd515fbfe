import { and, eq } from 'drizzle-orm';
import { findAnalysis } from '../analysis/service';
import type { Db } from '../../platform/db/client';
import { notifications, users } from '../../platform/db/schema';
import { findVideo } from '../../videos/repo';
import { shareUrl } from '../../videos/view';
import { readyEmail, type Mailer } from './mail';
import { enqueueWebhookDeliveries } from './webhooks';
import type { VideoId } from '../../shared/api/enums';

export interface ReadyNotifyOptions {
  mailer?: Mailer;
  /** Base of links in messages (WEFT_PUBLIC_URL). */
  publicUrl: string | null;
}

/**
 * video_processed → "your video is ready": an in-app notification (live in the header), an e-mail
 * when SMTP is configured, and a signed webhook to each of the owner's endpoints. Each happens once
 * per video however often this runs.
 */
export async function notifyVideoReady(db: Db, videoId: VideoId, eventId: string, opts: ReadyNotifyOptions): Promise<void> {
  const video = await findVideo(db, videoId);
  if (!video) return;
  await db
    .insert(notifications)
    .values({ videoId, kind: 'video_ready', message: `“${video.title}” is ready to watch.` })
    .onConflictDoNothing();
  const [note] = await db.select().from(notifications).where(and(eq(notifications.videoId, videoId), eq(notifications.kind, 'video_ready')));
  const [owner] = video.ownerId ? await db.select().from(users).where(eq(users.id, video.ownerId)) : [];
  const link = shareUrl(opts.publicUrl ?? 'http://localhost:3000', videoId);
  const analysis = await findAnalysis(db, videoId);

  if (opts.mailer && owner && note && !note.emailedAt) {
    await opts.mailer.send({ to: owner.email, ...readyEmail({ name: owner.name, title: video.title, link, summary: analysis?.summary.join(' ') || null }) });
    await db.update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, note.id));
  }
  if (owner) {
    await db.transaction((tx) =>
      enqueueWebhookDeliveries(tx, owner.id, 'video.processed', eventId, {
        videoId,
        title: video.title,
        url: link,
        durationMs: video.durationMs,
        summary: analysis?.summary ?? [],
        actionItems: analysis?.actionItems ?? [],
      }),
    );
  }
}
