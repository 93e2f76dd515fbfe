/**
 * Playback analytics: raw events (append-only, partitioned by month on PostgreSQL, kept
 * WEFT_ANALYTICS_RETENTION_DAYS), the playbacks they belong to (replay protection), and rollups
 * kept forever (per video per day, per second of the video, per viewer).
 */
import { bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { PLAYBACK_EVENT_TYPES, PLAYBACK_SURFACES, type PlaybackEventType, type PlaybackSurface } from '../../../shared/api/enums';
import { oneOf } from './common';
import { users } from './accounts';
import { videos, type VideoId } from './videos';

/** One playback: a player that got a signed playback token. `lastSeq` refuses replayed batches. */
export const playbacks = pgTable(
  'playbacks',
  {
    id: uuid('id').primaryKey(),
    videoId: uuid('video_id')
      .$type<VideoId>()
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    /** A pseudonymous viewer (hash of the player's random id), null for Do-Not-Track / GPC. */
    viewerKey: text('viewer_key'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    surface: text('surface').$type<PlaybackSurface>().notNull(),
    referrerHost: text('referrer_host'),
    browser: text('browser'),
    os: text('os'),
    device: text('device'),
    dnt: boolean('dnt').notNull().default(false),
    /** A keyed hash of the client's address (an IPv6 client by its /64): bounds what one address adds to views and viewers. */
    addrKey: text('addr_key'),
    lastSeq: integer('last_seq').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('playbacks_video_idx').on(t.videoId, t.startedAt), oneOf('playbacks_surface_check', t.surface, PLAYBACK_SURFACES)],
);

/**
 * Raw playback events. The migration makes this table PARTITION BY RANGE (at) with monthly
 * partitions (made ahead by the rollup) and a default one; its key includes `at` for that reason.
 */
export const playbackEvents = pgTable(
  'playback_events',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    videoId: uuid('video_id').$type<VideoId>().notNull(),
    playbackId: uuid('playback_id').notNull(),
    type: text('type').$type<PlaybackEventType>().notNull(),
    /** Where the playhead was, seconds. */
    position: real('position').notNull().default(0),
    /** Seconds of the video watched since the last beat: [[from, to], …]. */
    ranges: jsonb('ranges').$type<Array<[number, number]>>().notNull().default([]),
    watchedMs: integer('watched_ms').notNull().default(0),
    rendition: text('rendition'),
    bitrate: integer('bitrate'),
    stalls: integer('stalls').notNull().default(0),
    stallMs: integer('stall_ms').notNull().default(0),
    rate: real('rate').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.id, t.at] }), index('playback_events_video_at_idx').on(t.videoId, t.at), oneOf('playback_events_type_check', t.type, PLAYBACK_EVENT_TYPES)],
);

/** Per video per day (UTC). Rebuilt whole for a day whenever that day has new events. */
export const videoDailyStats = pgTable(
  'video_daily_stats',
  {
    videoId: uuid('video_id')
      .$type<VideoId>()
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    starts: integer('starts').notNull().default(0),
    /** Playbacks with at least 3 s watched. */
    views: integer('views').notNull().default(0),
    embedViews: integer('embed_views').notNull().default(0),
    watchMs: bigint('watch_ms', { mode: 'number' }).notNull().default(0),
    /** Sum over views of the share of the video watched (0..1): average = completionSum / views. */
    completionSum: real('completion_sum').notNull().default(0),
    stallMs: bigint('stall_ms', { mode: 'number' }).notNull().default(0),
    /** Renditions' watched ms, referrers' views: small maps. */
    renditions: jsonb('renditions').$type<Record<string, number>>().notNull().default({}),
    referrers: jsonb('referrers').$type<Record<string, number>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.videoId, t.day] })],
);

/** How many playbacks watched each second of the video (buckets of 10 s past 10 min), per day. */
export const videoRetention = pgTable(
  'video_retention',
  {
    videoId: uuid('video_id')
      .$type<VideoId>()
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    /** Start of the bucket, seconds. */
    t: integer('t').notNull(),
    viewers: integer('viewers').notNull(),
  },
  (t) => [primaryKey({ columns: [t.videoId, t.day, t.t] })],
);

/** Per viewer of a video per day ("seen by", unique viewers = distinct keys over the days). */
export const videoViewerDays = pgTable(
  'video_viewer_days',
  {
    videoId: uuid('video_id')
      .$type<VideoId>()
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    viewerKey: text('viewer_key').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    watchMs: bigint('watch_ms', { mode: 'number' }).notNull().default(0),
    /** Distinct seconds of the video this viewer saw that day. */
    secondsSeen: integer('seconds_seen').notNull().default(0),
    lastAt: timestamp('last_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.videoId, t.day, t.viewerKey] })],
);
