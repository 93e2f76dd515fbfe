import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { webhookDeliveries, webhookEndpoints } from '../../platform/db/schema';
import { PermanentJobError } from '../../platform/errors';
import { log } from '../../platform/log';
import { AddressRefusedError, type Resolver } from '../../platform/net/address';
import { OutboundUrlError, sendOutbound } from '../../platform/net/outbound';
import { signWebhook } from './webhooks';

/** Deadline and answer size for one webhook attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;

export interface DeliveryOptions {
  /** WEFT_WEBHOOK_ALLOW_PRIVATE: webhooks may go to private addresses (a LAN install). */
  allowPrivate: boolean;
  /** For tests: a resolver other than the system's. */
  resolve?: Resolver;
  signal?: AbortSignal;
}

/**
 * POSTs one webhook delivery to the checked address of its endpoint (no redirect followed, 10 s,
 * 64 KB of answer read at most), and logs the attempt on the delivery. Throws to be retried (no
 * answer, 5xx, 408, 429) or a PermanentJobError: the endpoint refused it (4xx), redirected, or its
 * host now points at a private address.
 */
export async function deliverWebhook(db: Db, deliveryId: string, opts: DeliveryOptions): Promise<void> {
  const [d] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
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
      allowPrivate: opts.allowPrivate,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: WEBHOOK_MAX_RESPONSE_BYTES,
      signal: opts.signal,
      resolve: opts.resolve,
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
    .where(eq(webhookDeliveries.id, deliveryId));
  if (ok) return;
  if (permanent) throw permanent;
  if (status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    throw new PermanentJobError('webhook_rejected', `The endpoint answered HTTP ${status}.`);
  }
  throw new Error(error ?? `HTTP ${status}`);
}

/** The delivery's retries are used up (or it was refused for good). */
export async function webhookDeliveryFailed(db: Db, deliveryId: string, message: string): Promise<void> {
  log.warn('webhook delivery failed for good', { id: deliveryId, error: message });
  await db.update(webhookDeliveries).set({ status: 'failed', lastError: message, updatedAt: new Date() }).where(eq(webhookDeliveries.id, deliveryId));
}
