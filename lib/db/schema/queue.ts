/** What the job queue shows of each job (pg-boss runs them), and the outbox of events. */
import { randomUUID } from 'node:crypto';
import { bigserial, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, updatedAt } from './common';
import type { VideoId } from './videos';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const processingJobs = pgTable(
  'processing_jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<JobStatus>().notNull().default('queued'),
    /** Enqueueing twice with the same key is a no-op: events are delivered once per consumer. Null: no dedupe. */
    dedupeKey: text('dedupe_key'),
    /** The pg-boss job that runs it (a new one when an operator retries a failed job). */
    bossId: uuid('boss_id'),
    videoId: uuid('video_id').$type<VideoId>(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    runAt: timestamp('run_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    progress: real('progress'),
    lastError: text('last_error'),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('processing_jobs_dedupe_uq').on(t.dedupeKey),
    index('processing_jobs_boss_idx').on(t.bossId),
    index('processing_jobs_status_idx').on(t.status, t.kind),
    index('processing_jobs_video_idx').on(t.videoId),
    oneOf('processing_jobs_status_check', t.status, JOB_STATUSES),
  ],
);

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
