/** Videos, their renditions and their share links. */
import { randomUUID } from 'node:crypto';
import { boolean, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, updatedAt } from './common';
import { users } from './accounts';
import { folders, workspaces } from './teams';
import type { Cut } from '../../../shared/cuts';
import { COMMENT_POLICIES, type CommentPolicy, type VideoId } from '../../../shared/api/enums';

export type { VideoId } from '../../../shared/api/enums';

export { VISIBILITIES, type Visibility } from '../../../shared/api/enums';
import { VISIBILITIES, type Visibility } from '../../../shared/api/enums';

export { VIDEO_STATUSES, type VideoStatus } from '../../../shared/api/enums';
import { VIDEO_STATUSES, type VideoStatus } from '../../../shared/api/enums';

export const videos = pgTable(
  'videos',
  {
    id: uuid('id').$type<VideoId>().primaryKey().$defaultFn(() => randomUUID() as VideoId),
    title: text('title').notNull().default(''),
    /** The title is a stand-in (a date, the recorded tab's title): the transcript's suggested title replaces it. */
    autoTitle: boolean('auto_title').notNull().default(false),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    /** Every video belongs to a workspace; it stays there when its owner leaves. */
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    folderId: uuid('folder_id').references(() => folders.id, { onDelete: 'set null' }),
    visibility: text('visibility').$type<Visibility>().notNull().default('link'),
    /** Optional viewing password (scrypt); changing it bumps passwordVersion, which ends old unlocks. */
    passwordHash: text('password_hash'),
    passwordVersion: integer('password_version').notNull().default(0),
    /**
     * Bumped whenever access narrows or changes (visibility, password, a share link revoked): it is
     * inside every media signature, so every URL handed out under the old access stops working.
     */
    accessEpoch: integer('access_epoch').notNull().default(0),
    status: text('status').$type<VideoStatus>().notNull().default('uploading'),
    /** Who may comment and react: nobody, signed-in viewers, or anyone (anonymous with a name). */
    commentPolicy: text('comment_policy').$type<CommentPolicy>().notNull().default('signed_in'),
    /** The last comment or reaction (viewers' pages refresh them when it moves). */
    socialAt: timestamp('social_at', { withTimezone: true, mode: 'date' }),
    durationMs: integer('duration_ms'),
    /**
     * Ranges of the recording left out (ms into the recording, sorted, merged; the recorder's trim is
     * two of them). Changing them makes a new version; until it is complete the current one plays.
     */
    cuts: jsonb('cuts').$type<Cut[]>().notNull().default([]),
    /** The cuts the current version was made with: what comment, reaction and transcript times are mapped through. */
    outputCuts: jsonb('output_cuts').$type<Cut[]>().notNull().default([]),
    /** Length of the uploaded recording, before cuts (from its probe). */
    sourceDurationMs: integer('source_duration_ms'),
    /** Viewers may download the video as MP4 (the owner and workspace admins always may). */
    downloads: boolean('downloads').notNull().default(false),
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
  (t) => [
    index('videos_created_idx').on(t.createdAt),
    index('videos_owner_idx').on(t.ownerId, t.createdAt),
    index('videos_workspace_idx').on(t.workspaceId, t.createdAt),
    oneOf('videos_status_check', t.status, VIDEO_STATUSES),
    oneOf('videos_visibility_check', t.visibility, VISIBILITIES),
    oneOf('videos_comment_policy_check', t.commentPolicy, COMMENT_POLICIES),
  ],
);

export const renditions = pgTable(
  'renditions',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    videoId: uuid('video_id').$type<VideoId>()
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
    videoId: uuid('video_id').$type<VideoId>()
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

/** The people a video is shared with by name (an account, or an address invited until it has one). */
export const videoPeople = pgTable(
  'video_people',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    videoId: uuid('video_id').$type<VideoId>()
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    /** Stored lower-cased. */
    email: text('email').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    addedBy: uuid('added_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('video_people_video_email_idx').on(t.videoId, t.email), index('video_people_user_idx').on(t.userId)],
);
