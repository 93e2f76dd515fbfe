import { deliverWebhook, webhookDeliveryFailed } from '@/lib/process/notify/deliver';
import { notifyVideoReady } from '@/lib/process/notify/ready';
import { notifyComments } from '@/lib/process/notify/comment';
import { jobHandler } from '@/lib/platform/queue/payloads';
import type { JobHandlerSpec } from '@/lib/platform/queue/runner';
import type { WorkerDeps } from '../deps';

/** video_processed → in-app notification, e-mail, webhooks; each once per video (lib/process/notify/ready.ts). */
export function notifyReadyHandler(deps: WorkerDeps): JobHandlerSpec {
  return jobHandler('notify-ready', {
    run: ({ db, payload }) =>
      notifyVideoReady(db, payload.videoId, payload.eventId ?? payload.videoId, {
        mailer: deps.notify?.mailer,
        publicUrl: deps.notify?.publicUrl ?? null,
      }),
  });
}

/** One signed webhook POST, retried with backoff, each attempt logged (lib/process/notify/deliver.ts). */
export function deliverWebhookHandler(deps: Pick<WorkerDeps, 'notify'> = {}): JobHandlerSpec {
  return jobHandler('deliver-webhook', {
    run: ({ db, payload, signal }) =>
      deliverWebhook(db, payload.deliveryId, { allowPrivate: deps.notify?.allowPrivateWebhooks ?? false, resolve: deps.notify?.resolve, signal }),
    onFinalFailure: (payload, db, error) => webhookDeliveryFailed(db, payload.deliveryId, error.message),
  });
}

/** A viewer commented → the owner hears it (lib/process/notify/comment.ts). */
export function notifyCommentHandler(deps: WorkerDeps): JobHandlerSpec {
  return jobHandler('notify-comment', {
    run: ({ db, payload }) => notifyComments(db, payload.videoId, { mailer: deps.notify?.mailer, publicUrl: deps.notify?.publicUrl ?? null }),
  });
}
