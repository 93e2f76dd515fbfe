/** Recording sessions and their tus uploads. */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, updatedAt } from './common';
import { users } from './accounts';
import { videos, type VideoId } from './videos';

export { RECORDING_STATUSES, type RecordingStatus } from '../../../shared/api/enums';
import { RECORDING_STATUSES, type RecordingStatus } from '../../../shared/api/enums';
export { RECORDING_MODES, SESSION_MODES, type RecordingMode, type SessionMode } from '../../../shared/api/enums';
import { SESSION_MODES, type SessionMode } from '../../../shared/api/enums';

export const recordingSessions = pgTable(
  'recording_sessions',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    videoId: uuid('video_id').$type<VideoId>()
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    status: text('status').$type<RecordingStatus>().notNull().default('preparing'),
    mode: text('mode').$type<SessionMode>().notNull().default('screen+camera'),
    mimeType: text('mime_type'),
    /** An import: the file's size in bytes, which its upload must have. */
    importSize: bigint('import_size', { mode: 'number' }),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    stoppedAt: timestamp('stopped_at', { withTimezone: true, mode: 'date' }),
    pausedAt: timestamp('paused_at', { withTimezone: true, mode: 'date' }),
    /** Total time spent paused, for the recorded duration. */
    pausedMs: integer('paused_ms').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('recording_sessions_video_idx').on(t.videoId),
    oneOf('recording_sessions_status_check', t.status, RECORDING_STATUSES),
    oneOf('recording_sessions_mode_check', t.mode, SESSION_MODES),
  ],
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
    videoId: uuid('video_id').$type<VideoId>()
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
  (t) => [
    uniqueIndex('uploads_session_uq').on(t.sessionId),
    index('uploads_video_idx').on(t.videoId),
    oneOf('uploads_status_check', t.status, UPLOAD_STATUSES),
    // null: a whole-file upload, no live ingest
    check('uploads_ingest_status_check', sql`${t.ingestStatus} is null or ${t.ingestStatus} in (${sql.raw(INGEST_STATUSES.map((s) => `'${s}'`).join(', '))})`),
  ],
);
