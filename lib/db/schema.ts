import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';

import {
  bigint,
  bigserial,
  customType,
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

export const USER_ROLES = ['admin', 'member'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = pgTable('users', {
  id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
  /** Stored lower-cased. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<UserRole>().notNull().default('member'),
  createdAt: createdAt(),
});

/** Browser sessions: the cookie holds a random secret, the table its SHA-256. */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

/** API tokens for the extension and scripts (Authorization: Bearer); shown once, stored hashed. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters, to recognise a token in a list. */
    prefix: text('prefix').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/** Failed attempts (logins, video passwords) for throttling, shared by every process. */
export const throttleEvents = pgTable(
  'throttle_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('throttle_events_key_at_idx').on(t.key, t.at)],
);

/** Instance-wide settings, e.g. the generated media signing key when none is configured. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

export const VISIBILITIES = ['private', 'link', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const VIDEO_STATUSES = ['uploading', 'processing', 'playable', 'ready', 'failed'] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

export const videos = pgTable(
  'videos',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    title: text('title').notNull().default(''),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    visibility: text('visibility').$type<Visibility>().notNull().default('link'),
    /** Optional viewing password (scrypt); changing it bumps passwordVersion, which ends old unlocks. */
    passwordHash: text('password_hash'),
    passwordVersion: integer('password_version').notNull().default(0),
    status: text('status').$type<VideoStatus>().notNull().default('uploading'),
    durationMs: integer('duration_ms'),
    /** Trim points chosen in the recorder's review (ms into the recording); the pipeline applies them. */
    trimStartMs: integer('trim_start_ms'),
    trimEndMs: integer('trim_end_ms'),
    /** Spoken language set by the owner (ISO 639-1); null: the instance's setting, else detected by Whisper. */
    language: text('language'),
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
    /** Short animated preview (WebP) for library cards and unfurls. */
    previewKey: text('preview_key'),
    /** WebVTT thumbnails track (its sprite lies beside it). */
    storyboardKey: text('storyboard_key'),
    /** When the first rendition could be played (status playable). */
    playableAt: timestamp('playable_at', { withTimezone: true, mode: 'date' }),
    outputVersion: text('output_version'),
    readyAt: timestamp('ready_at', { withTimezone: true, mode: 'date' }),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('videos_created_idx').on(t.createdAt), index('videos_owner_idx').on(t.ownerId, t.createdAt)],
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
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
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

/**
 * Progressive ingest of a live upload: pending → running → done (a published version with one
 * rendition) | failed (the normal path takes over) | skipped (the pipeline stopped waiting for it).
 */
export const INGEST_STATUSES = ['pending', 'running', 'done', 'failed', 'skipped'] as const;
export type IngestStatus = (typeof INGEST_STATUSES)[number];

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
    /** Null for uploads that are not ingested while they arrive. */
    ingestStatus: text('ingest_status').$type<IngestStatus>(),
    /** Output version the ingest published, and its rendition ("1080p"), made by copy or transcode. */
    ingestVersion: text('ingest_version'),
    ingestRendition: text('ingest_rendition'),
    ingestMode: text('ingest_mode').$type<'copy' | 'transcode'>(),
    ingestError: text('ingest_error'),
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

/** Expiring, revocable links that let anyone holding them watch one video. */
export const shareLinks = pgTable(
  'share_links',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    videoId: uuid('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('share_links_video_idx').on(t.videoId)],
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
    /** Set once the e-mail went out (a retried job never sends it twice). */
    emailedAt: timestamp('emailed_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('notifications_video_kind_uq').on(t.videoId, t.kind)],
);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const TRANSCRIPT_STATUSES = ['pending', 'running', 'done', 'no_audio', 'no_speech', 'failed'] as const;
export type TranscriptStatus = (typeof TRANSCRIPT_STATUSES)[number];

export interface TranscriptSegment {
  /** Seconds from the start of the (trimmed) video. */
  start: number;
  end: number;
  text: string;
  /** True once the owner corrected the text. */
  edited?: boolean;
}

/** Whisper output for a video's current output version (times match what viewers play). */
export const videoTranscriptions = pgTable('video_transcriptions', {
  videoId: uuid('video_id')
    .primaryKey()
    .references(() => videos.id, { onDelete: 'cascade' }),
  status: text('status').$type<TranscriptStatus>().notNull().default('pending'),
  /** The output version the times refer to. */
  outputVersion: text('output_version'),
  language: text('language'),
  model: text('model'),
  segments: jsonb('segments').$type<TranscriptSegment[]>().notNull().default([]),
  progress: real('progress'),
  error: text('error'),
  /** Audio seconds and wall milliseconds, for the realtime factor. */
  audioSeconds: real('audio_seconds'),
  elapsedMs: integer('elapsed_ms'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * One search document per video (title, transcript, later the summary), with a weighted tsvector
 * kept by Postgres itself; the same on PGlite and PostgreSQL.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    videoId: uuid('video_id')
      .primaryKey()
      .references(() => videos.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull().default(''),
    body: text('body').notNull().default(''),
    tsv: tsvector('tsv')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(body, '')), 'B')`,
      ),
    updatedAt: updatedAt(),
  },
  (t) => [index('search_documents_tsv_idx').using('gin', t.tsv), index('search_documents_owner_idx').on(t.ownerId)],
);

/** What the transcript says (summary, action items, sentiment, chapters, suggested title), as jsonb. */
export const contentAnalysis = pgTable('content_analysis', {
  videoId: uuid('video_id')
    .primaryKey()
    .references(() => videos.id, { onDelete: 'cascade' }),
  outputVersion: text('output_version'),
  analysis: jsonb('analysis').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

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
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'pending' | 'delivered' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt)],
);

export const schemaTables = { webhookEndpoints, webhookDeliveries, contentAnalysis, videoTranscriptions, searchDocuments, users, authSessions, apiTokens, throttleEvents, settings, shareLinks, videos, recordingSessions, uploads, processingJobs, renditions, events, notifications };
