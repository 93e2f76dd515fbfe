import { eq } from 'drizzle-orm';
import { findAnalysis } from '@/lib/analysis/service';
import { notifications, users, webhookDeliveries, webhookEndpoints } from '@/lib/db/schema';
import { PermanentJobError } from '@/lib/errors';
import { log } from '@/lib/log';
import { readyEmail } from '@/lib/notify/mail';
import { enqueueWebhookDeliveries, signWebhook } from '@/lib/notify/webhooks';
import { AddressRefusedError } from '@/lib/net/address';
import { OutboundUrlError, sendOutbound } from '@/lib/net/outbound';
import type { JobHandlerSpec } from '@/lib/queue/runner';
import { findVideo } from '@/lib/videos/repo';
import { shareUrl } from '@/lib/videos/view';
import type { WorkerDeps } from '../deps';

/**
 * video_processed → "your video is ready": an in-app notification (live in the header), an e-mail
 * when SMTP is configured, and a signed webhook to each of the owner's endpoints. Each happens once
 * per video however often the job runs.
 */
export function notifyReadyHandler(deps: WorkerDeps): JobHandlerSpec {
  return {
    async run({ job, db }) {
      const videoId = String(job.payload.videoId ?? '');
      const eventId = String(job.payload.eventId ?? videoId);
      const video = await findVideo(db, videoId);
      if (!video) return;
      await db
        .insert(notifications)
        .values({ videoId, kind: 'video_ready', message: `“${video.title}” is ready to watch.` })
        .onConflictDoNothing();
      const [note] = await db.select().from(notifications).where(eq(notifications.videoId, videoId));
      const [owner] = video.ownerId ? await db.select().from(users).where(eq(users.id, video.ownerId)) : [];
      const link = shareUrl(deps.notify?.publicUrl ?? 'http://localhost:3000', videoId);
      const analysis = await findAnalysis(db, videoId);

      const mailer = deps.notify?.mailer;
      if (mailer && owner && note && !note.emailedAt) {
        await mailer.send({ to: owner.email, ...readyEmail({ name: owner.name, title: video.title, link, summary: analysis?.summary.join(' ') || null }) });
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
    },
  };
}

/** Deadline and answer size for one webhook attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one webhook delivery to the checked address of its endpoint (no redirect followed, 10 s,
 * 64 KB of answer read at most); non-2xx or no answer → retried with backoff, each attempt logged.
 * An endpoint that now points at a private address, or that redirects, fails for good.
 */
export function deliverWebhookHandler(deps: Pick<WorkerDeps, 'notify'> = {}): JobHandlerSpec {
  return {
    async run({ job, db, signal }) {
      const id = String(job.payload.deliveryId ?? '');
      const [d] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
      if (!d || d.status === 'delivered') return;
      const [ep] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, d.endpointId));
      if (!ep) return;
      const body = JSON.stringify(d.payload);
      const timestamp = Math.floor(Date.now() / 1000);
      let status: number | null = null;
      let error: string | null = null;
      let permanent: PermanentJobError | null = null;
      try {
        const res = await sendOutbound(ep.url, {
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Weft-Webhooks/1',
            'webhook-id': d.id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(ep.secret, d.id, timestamp, body),
          },
          body,
          allowPrivate: deps.notify?.allowPrivateWebhooks ?? false,
          timeoutMs: WEBHOOK_TIMEOUT_MS,
          maxResponseBytes: WEBHOOK_MAX_RESPONSE_BYTES,
          signal,
          resolve: deps.notify?.resolve,
        });
        status = res.status;
        if (status >= 300 && status < 400) {
          error = `The endpoint answered HTTP ${status} (a redirect${res.location ? ` to ${res.location.slice(0, 200)}` : ''}); webhooks follow no redirects.`;
          permanent = new PermanentJobError('webhook_redirected', error);
        }
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        if (e instanceof AddressRefusedError || e instanceof OutboundUrlError) permanent = new PermanentJobError('webhook_url_refused', error);
      }
      const ok = status !== null && status >= 200 && status < 300;
      await db
        .update(webhookDeliveries)
        .set({
          attempts: d.attempts + 1,
          lastStatusCode: status,
          lastError: ok ? null : (error ?? `HTTP ${status}`),
          status: ok ? 'delivered' : 'pending',
          deliveredAt: ok ? new Date() : null,
          updatedAt: new Date(),
        })
        .where(eq(webhookDeliveries.id, id));
      if (ok) return;
      if (permanent) throw permanent;
      if (status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429) {
        throw new PermanentJobError('webhook_rejected', `The endpoint answered HTTP ${status}.`);
      }
      throw new Error(error ?? `HTTP ${status}`);
    },
    async onFinalFailure(job, db, error) {
      const id = String(job.payload.deliveryId ?? '');
      log.warn('webhook delivery failed for good', { id, error: error.message });
      await db.update(webhookDeliveries).set({ status: 'failed', lastError: error.message, updatedAt: new Date() }).where(eq(webhookDeliveries.id, id));
    },
  };
}
