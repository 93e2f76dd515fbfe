/** The outbox of events (jobs live in pg-boss's own tables, schema `pgboss`). */
import { randomUUID } from 'node:crypto';
import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf } from './common';
import type { VideoId } from './videos';

export const EVENT_TYPES = ['recording_completed', 'raw_video_uploaded', 'video_processed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The outbox: written in the same transaction as the state change it reports. */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    type: text('type').$type<EventType>().notNull(),
    videoId: uuid('video_id').$type<VideoId>(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /** One event per cause: a second emit for the same cause is dropped. */
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('events_dedupe_uq').on(t.dedupeKey),
    index('events_video_idx').on(t.videoId, t.createdAt),
    oneOf('events_type_check', t.type, EVENT_TYPES),
  ],
);
