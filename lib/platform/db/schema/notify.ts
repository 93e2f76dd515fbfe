/** In-app notifications and webhooks. */
import { randomUUID } from 'node:crypto';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, updatedAt } from './common';
import { users } from './accounts';
import { videos, type VideoId } from './videos';

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    videoId: uuid('video_id').$type<VideoId>()
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
    /** Set once the e-mail went out (a retried job never sends it twice). */
    emailedAt: timestamp('emailed_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('notifications_video_kind_uq').on(t.videoId, t.kind)],
);

/** Where an owner wants events POSTed, signed per the Standard Webhooks scheme. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** `whsec_` + base64 of 32 random bytes. */
    secret: text('secret').notNull(),
    events: jsonb('events').$type<string[]>().notNull().default(['video.processed']),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_endpoints_owner_idx').on(t.ownerId)],
);

/** One row per (endpoint, message): what was sent, and how each attempt went. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<WebhookDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    oneOf('webhook_deliveries_status_check', t.status, WEBHOOK_DELIVERY_STATUSES),
  ],
);
