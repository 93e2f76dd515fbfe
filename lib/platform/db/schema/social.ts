/** What viewers say back: timestamped comments (one level of replies) and emoji reactions. */
import { randomUUID } from 'node:crypto';
import { bigserial, index, pgTable, real, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { REACTIONS } from '../../../shared/api/enums';
import { createdAt, oneOf, updatedAt } from './common';
import { users } from './accounts';
import { videos, type VideoId } from './videos';

export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    videoId: uuid('video_id')
      .$type<VideoId>()
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    /** The comment this one answers (always a top-level one); its replies go with it. */
    parentId: uuid('parent_id').references((): AnyPgColumn => comments.id, { onDelete: 'cascade' }),
    /** Null for an anonymous viewer (then authorName is what they typed). */
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    text: text('text').notNull(),
    atSec: real('at_sec').notNull(),
    editedAt: timestamp('edited_at', { withTimezone: true, mode: 'date' }),
    /** When the owner was told of it (comments are told in batches: one notice per burst). */
    notifiedAt: timestamp('notified_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('comments_video_idx').on(t.videoId, t.createdAt), index('comments_parent_idx').on(t.parentId)],
);

export const reactions = pgTable(
  'reactions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    videoId: uuid('video_id')
      .$type<VideoId>()
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    emoji: text('emoji').notNull(),
    atSec: real('at_sec').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('reactions_video_idx').on(t.videoId, t.atSec), oneOf('reactions_emoji_check', t.emoji, REACTIONS)],
);
