/** Transcripts, search documents and the analysis of what was said. */
import { sql } from 'drizzle-orm';
import { customType, index, integer, jsonb, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, updatedAt } from './common';
import { users } from './accounts';
import { videos, type VideoId } from './videos';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export { TRANSCRIPT_STATUSES, type TranscriptStatus } from '../../../shared/api/enums';
import { TRANSCRIPT_STATUSES, type TranscriptStatus } from '../../../shared/api/enums';

export interface TranscriptSegment {
  /** Seconds from the start of the (trimmed) video. */
  start: number;
  end: number;
  text: string;
  /** True once the owner corrected the text. */
  edited?: boolean;
}

/** Whisper output for a video's current output version (times match what viewers play). */
export const videoTranscriptions = pgTable(
  'video_transcriptions',
  {
    videoId: uuid('video_id').$type<VideoId>()
      .primaryKey()
      .references(() => videos.id, { onDelete: 'cascade' }),
    status: text('status').$type<TranscriptStatus>().notNull().default('pending'),
    /** The output version the times refer to. */
    outputVersion: text('output_version'),
    language: text('language'),
    model: text('model'),
    segments: jsonb('segments').$type<TranscriptSegment[]>().notNull().default([]),
    /** How many segments (kept by the database): whether captions exist, without reading them all. */
    segmentCount: integer('segment_count').generatedAlwaysAs(sql`jsonb_array_length(segments)`),
    progress: real('progress'),
    error: text('error'),
    /** Audio seconds and wall milliseconds, for the realtime factor. */
    audioSeconds: real('audio_seconds'),
    elapsedMs: integer('elapsed_ms'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [oneOf('video_transcriptions_status_check', t.status, TRANSCRIPT_STATUSES)],
);

/**
 * One search document per video (title, transcript, later the summary), with a weighted tsvector
 * kept by Postgres itself; the same on PGlite and PostgreSQL.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    videoId: uuid('video_id').$type<VideoId>()
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

export interface ActionItem {
  text: string;
  atSec: number;
}

export interface Chapter {
  title: string;
  startSec: number;
}

/** What the transcript says; stored as jsonb in content_analysis.analysis. */
export interface Analysis {
  summary: string[];
  actionItems: ActionItem[];
  sentiment: { score: number; label: 'positive' | 'neutral' | 'negative' };
  chapters: Chapter[];
  keywords: string[];
  suggestedTitle: string | null;
  /** Who wrote summary, action items, chapters and title: the local algorithms, or the configured language model. */
  source: 'local' | 'llm';
}

/** As stored: rows written before `source` existed lack it (they were local). */
export type StoredAnalysis = Omit<Analysis, 'source'> & { source?: Analysis['source'] };

/** What the transcript says (summary, action items, sentiment, chapters, suggested title), as jsonb. */
export const contentAnalysis = pgTable('content_analysis', {
  videoId: uuid('video_id').$type<VideoId>()
    .primaryKey()
    .references(() => videos.id, { onDelete: 'cascade' }),
  outputVersion: text('output_version'),
  analysis: jsonb('analysis').$type<StoredAnalysis>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const CAPTION_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type CaptionStatus = (typeof CAPTION_STATUSES)[number];

/**
 * Captions in another language than the one spoken: the transcript translated (by the configured
 * language model, or into English by Whisper's translate task), for the version `outputVersion`.
 */
export const captionTracks = pgTable(
  'caption_tracks',
  {
    videoId: uuid('video_id').$type<VideoId>()
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    /** ISO 639-1 (or -2) code. */
    lang: text('lang').notNull(),
    status: text('status').$type<CaptionStatus>().notNull().default('pending'),
    /** Who translated: the language model, or Whisper. */
    source: text('source').$type<'llm' | 'whisper'>(),
    outputVersion: text('output_version'),
    segments: jsonb('segments').$type<TranscriptSegment[]>().notNull().default([]),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.videoId, t.lang] }), oneOf('caption_tracks_status_check', t.status, CAPTION_STATUSES)],
);
