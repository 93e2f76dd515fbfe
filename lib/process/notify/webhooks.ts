import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client';
import { webhookDeliveries, webhookEndpoints } from '../../platform/db/schema';
import { WeftError } from '../../platform/errors';
import { enqueueJob } from '../../platform/queue/payloads';
import { isUuid } from '../../shared/ids';
import { AddressRefusedError, resolvePublic, type Resolver } from '../../platform/net/address';
import { parseOutboundUrl } from '../../platform/net/outbound';

/**
 * Webhooks signed per the Standard Webhooks scheme (standardwebhooks.com), with its reference
 * library: headers `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature:
 * v1,<base64 HMAC-SHA256>` over `${id}.${timestamp}.${body}` with the secret's bytes (`whsec_` + base64).
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
}

/** Checks a received webhook (for receivers written against Weft, and for tests); timestamps older than 5 min fail. */
export function verifyWebhook(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string): boolean {
  try {
    new Webhook(secret).verify(body, { 'webhook-id': headers.id, 'webhook-timestamp': headers.timestamp, 'webhook-signature': headers.signature });
    return true;
  } catch {
    return false;
  }
}

export const WEBHOOK_EVENTS = ['video.processed', 'comment.created'] as const;

export interface WebhookUrlRules {
  /** WEFT_WEBHOOK_ALLOW_PRIVATE: a LAN install may send webhooks to private addresses. */
  allowPrivate: boolean;
  /** For tests: a resolver other than the system's. */
  resolve?: Resolver;
}

/**
 * A webhook URL must be absolute http(s) without credentials, and its host (an IP literal, or every
 * address its name resolves to) must be public — unless the admin allows private addresses.
 */
export async function checkWebhookUrl(url: string, rules: WebhookUrlRules): Promise<URL> {
  let parsed: URL;
  try {
    parsed = parseOutboundUrl(url);
  } catch (e) {
    throw new WeftError('validation_failed', e instanceof Error ? e.message : 'url is not valid.');
  }
  try {
    await resolvePublic(parsed.hostname, rules);
  } catch (e) {
    if (e instanceof AddressRefusedError) {
      throw new WeftError(
        e.reason === 'private' ? 'webhook_url_refused' : 'webhook_url_unresolvable',
        e.reason === 'private' ? `${e.message} (An admin can allow them with WEFT_WEBHOOK_ALLOW_PRIVATE=true.)` : e.message,
      );
    }
    throw e;
  }
  return parsed;
}

export async function createWebhook(db: DbOrTx, ownerId: string, url: string, rules: WebhookUrlRules) {
  const parsed = await checkWebhookUrl(url, rules);
  const [row] = await db.insert(webhookEndpoints).values({ ownerId, url: parsed.toString(), secret: newWebhookSecret(), events: [...WEBHOOK_EVENTS] }).returning();
  return row!;
}

export async function listWebhooks(db: DbOrTx, ownerId: string) {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.ownerId, ownerId)).orderBy(desc(webhookEndpoints.createdAt));
}

export async function deleteWebhook(db: DbOrTx, ownerId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw new WeftError('not_found', 'No such webhook.');
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.ownerId, ownerId)))
    .returning({ id: webhookEndpoints.id });
  if (rows.length === 0) throw new WeftError('not_found', 'No such webhook.');
}

export async function listDeliveries(db: DbOrTx, ownerId: string, endpointId: string) {
  if (!isUuid(endpointId)) throw new WeftError('not_found', 'No such webhook.');
  const [ep] = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.ownerId, ownerId)));
  if (!ep) throw new WeftError('not_found', 'No such webhook.');
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).orderBy(desc(webhookDeliveries.createdAt)).limit(100);
}

/** One delivery (and one job) per endpoint for an event; the same event never twice to an endpoint. */
export async function enqueueWebhookDeliveries(
  tx: DbOrTx,
  ownerId: string,
  eventType: (typeof WEBHOOK_EVENTS)[number],
  eventId: string,
  data: Record<string, unknown>,
): Promise<number> {
  const endpoints = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.ownerId, ownerId));
  let n = 0;
  for (const ep of endpoints) {
    if (!ep.events.includes(eventType)) continue;
    const id = `msg_${eventId.replace(/-/g, '')}_${ep.id.replace(/-/g, '').slice(0, 12)}`;
    const payload = { type: eventType, timestamp: new Date().toISOString(), data };
    const inserted = await tx
      .insert(webhookDeliveries)
      .values({ id, endpointId: ep.id, eventType, payload })
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    if (inserted.length === 0) continue;
    await enqueueJob(tx, 'deliver-webhook', { deliveryId: id }, { dedupeKey: `deliver-webhook:${id}`, maxAttempts: 8 });
    n++;
  }
  return n;
}
