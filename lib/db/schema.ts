import { randomUUID } from 'node:crypto';

import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const VIDEO_STATUSES = ['uploading', 'processing', 'playable', 'ready', 'failed'] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

export const videos = pgTable(
  'videos',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    title: text('title').notNull().default(''),
    status: text('status').$type<VideoStatus>().notNull().default('uploading'),
    durationMs: integer('duration_ms'),
    width: integer('width'),
    height: integer('height'),
    sourceCodec: text('source_codec'),
    processingStage: text('processing_stage'),
    processingProgress: real('processing_progress'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    /** Storage key of the published master playlist; versioned folder, so the switch is one UPDATE. */
    masterKey: text('master_key'),
    posterKey: text('poster_key'),
    outputVersion: text('output_version'),
    readyAt: timestamp('ready_at', { withTimezone: true, mode: 'date' }),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('videos_created_idx').on(t.createdAt)],
);

export const RECORDING_STATUSES = ['preparing', 'recording', 'paused', 'stopped', 'cancelled'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];
export const RECORDING_MODES = ['screen', 'camera', 'screen+camera'] as const;
export type RecordingMode = (typeof RECORDING_MODES)[number];

export const recordingSessions = pgTable(
  'recording_sessions',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    videoId: uuid('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    status: text('status').$type<RecordingStatus>().notNull().default('preparing'),
    mode: text('mode').$type<RecordingMode>().notNull().default('screen+camera'),
    mimeType: text('mime_type'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    stoppedAt: timestamp('stopped_at', { withTimezone: true, mode: 'date' }),
    pausedAt: timestamp('paused_at', { withTimezone: true, mode: 'date' }),
    /** Total time spent paused, for the recorded duration. */
    pausedMs: integer('paused_ms').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('recording_sessions_video_idx').on(t.videoId)],
);

export const UPLOAD_STATUSES = ['receiving', 'complete', 'terminated'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

export const uploads = pgTable(
  'uploads',
  {
    /** The tus upload id. */
    id: text('id').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => recordingSessions.id, { onDelete: 'cascade' }),
    videoId: uuid('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    status: text('status').$type<UploadStatus>().notNull().default('receiving'),
    filename: text('filename'),
    filetype: text('filetype'),
    /** Null while the length is deferred (recording still running). */
    size: bigint('size', { mode: 'number' }),
    storageKey: text('storage_key').notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('uploads_session_uq').on(t.sessionId), index('uploads_video_idx').on(t.videoId)],
);

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const processingJobs = pgTable(
  'processing_jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<JobStatus>().notNull().default('queued'),
    /** Enqueueing twice with the same key is a no-op: events are delivered once per consumer. */
    dedupeKey: text('dedupe_key').notNull(),
    videoId: uuid('video_id'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    runAt: timestamp('run_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    progress: real('progress'),
    lastError: text('last_error'),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('processing_jobs_dedupe_uq').on(t.dedupeKey),
    index('processing_jobs_claim_idx').on(t.status, t.runAt),
    index('processing_jobs_video_idx').on(t.videoId),
  ],
);

export const renditions = pgTable(
  'renditions',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    videoId: uuid('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    /** Peak segment bitrate (HLS BANDWIDTH), bits/s. */
    bandwidth: integer('bandwidth').notNull(),
    averageBandwidth: integer('average_bandwidth').notNull(),
    codecs: text('codecs').notNull(),
    playlistKey: text('playlist_key').notNull(),
    segmentCount: integer('segment_count').notNull(),
    outputVersion: text('output_version').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('renditions_video_name_uq').on(t.videoId, t.name)],
);

export const EVENT_TYPES = ['recording_completed', 'raw_video_uploaded', 'video_processed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The outbox: written in the same transaction as the state change it reports. */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    type: text('type').$type<EventType>().notNull(),
    videoId: uuid('video_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /** One event per cause: a second emit for the same cause is dropped. */
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('events_dedupe_uq').on(t.dedupeKey), index('events_video_idx').on(t.videoId, t.createdAt)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    videoId: uuid('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('notifications_video_kind_uq').on(t.videoId, t.kind)],
);

export const schemaTables = { videos, recordingSessions, uploads, processingJobs, renditions, events, notifications };
