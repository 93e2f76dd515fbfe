import { shownTime, toSourceMs, type Cut } from '../shared/cuts';
import { refreshSearchDocument } from '../videos/search-document';
import { and, asc, eq, sql } from 'drizzle-orm';
import { COMMENT_MAX_LENGTH, REACTIONS, type Reaction, type VideoId } from '../shared/api/enums';
import { assertNotThrottled, takeThrottled, type ThrottleRule } from '../platform/accounts/throttle';
import type { Db, DbOrTx } from '../platform/db/client';
import { comments, reactions, users, videos } from '../platform/db/schema';
import { WeftError } from '../platform/errors';
import { enqueueJob } from '../platform/queue/payloads';
import { commentDigestJob } from '../process/notify/comment';
import { canDeleteComment, canEditComment, decideComment, type Viewer } from '../videos/policy';
import type { VideoRow } from '../videos/repo';
import { systemClock, type Clock } from '../platform/clock';

/**
 * Comments pinned to a moment of the video (one level of replies) and emoji reactions, under the
 * video's own access rules (the caller has decided the viewer may watch) and its owner's choice of
 * who may comment. Anonymous commenters give a name and are throttled per address. Every change
 * moves `videos.social_at`, which open watch pages hear over their server-sent events.
 */
export interface CommentView {
  id: string;
  text: string;
  atSec: number;
  parentId: string | null;
  author: { name: string; signedIn: boolean };
  createdAt: string;
  editedAt: string | null;
  canEdit: boolean;
  canDelete: boolean;
}

export interface Commenter {
  viewer: Viewer;
  /** The video's manager (owner or admin). */
  manager: boolean;
  /** The client's address (throttles). */
  ip: string;
}

const ANON_COMMENTS = (ip: string): ThrottleRule[] => [
  { key: `comment:ip:${ip}`, limit: 10, windowMs: 10 * 60_000, message: 'Too many comments from your network address.' },
];
/** A signed-in account: a lively discussion, not a loop (10 a minute, 100 an hour). */
const ACCOUNT_COMMENTS = (userId: string): ThrottleRule[] => [
  { key: `comment:user:${userId}`, limit: 10, windowMs: 60_000, message: 'You are commenting very fast.' },
  { key: `comment:user-hour:${userId}`, limit: 100, windowMs: 3600_000, message: 'You have commented a lot this hour.' },
];
const REACTION_RULES = (who: string): ThrottleRule[] => [{ key: `reaction:${who}`, limit: 60, windowMs: 60_000, message: 'Too many reactions.' }];

/** Pure: a comment's text as stored — trimmed, line breaks kept, no control characters; 1–5000 characters. */
export function cleanCommentText(raw: string): string {
  const text = raw.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if (!text) throw new WeftError('validation_failed', 'A comment needs some text.');
  if (text.length > COMMENT_MAX_LENGTH) throw new WeftError('validation_failed', `A comment is at most ${COMMENT_MAX_LENGTH} characters.`);
  return text;
}

/** A time the viewer saw (in the version playing) → the recording's time, where it is stored (so it survives cuts). */
function storedTime(video: VideoRow, atSec: number): number {
  const max = video.durationMs ? video.durationMs / 1000 : Number.POSITIVE_INFINITY;
  const shown = Math.min(Math.max(0, atSec), max);
  return Math.round(toSourceMs(shown * 1000, video.outputCuts) / 100) / 10;
}



/** A comment or reaction changed: the video's social clock moves; comment text goes into its search document. */
async function touch(tx: DbOrTx, videoId: VideoId, what: 'comment' | 'reaction' = 'comment'): Promise<void> {
  const now = new Date();
  await tx.update(videos).set({ socialAt: now, updatedAt: now }).where(eq(videos.id, videoId));
  if (what === 'comment') await refreshSearchDocument(tx, videoId);
}

function toView(row: typeof comments.$inferSelect, who: Commenter, signedIn: boolean, cuts: readonly Cut[]): CommentView {
  return {
    id: row.id,
    text: row.text,
    atSec: shownTime(cuts, row.atSec) ?? 0,
    parentId: row.parentId,
    author: { name: row.authorName, signedIn },
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    canEdit: canEditComment(row, who.viewer),
    canDelete: canDeleteComment(row, who.viewer, who.manager),
  };
}

export const COMMENT_PAGE_DEFAULT = 100;
export const COMMENT_PAGE_MAX = 200;

/** A page cursor: the last comment's time and id (opaque to clients). */
function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(date.getTime())) throw new WeftError('validation_failed', 'Invalid cursor.');
  return { at: date, id };
}

/**
 * The comments, oldest first, a page at a time (`nextCursor` null on the last page), at their times
 * in the version playing (`cuts`: the cuts it was made with); those in a cut part are left out.
 */
export async function listComments(db: Db, videoId: VideoId, who: Commenter, page: { cursor?: string | null; limit?: number; cuts?: readonly Cut[] } = {}): Promise<{ comments: CommentView[]; nextCursor: string | null }> {
  const cuts = page.cuts ?? [];
  const limit = Math.min(Math.max(1, page.limit ?? COMMENT_PAGE_DEFAULT), COMMENT_PAGE_MAX);
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await db
    .select()
    .from(comments)
    .where(
      after
        ? and(
            eq(comments.videoId, videoId),
            // the database's own timestamp of the cursor's comment (microseconds; the cursor's copy
            // has milliseconds), or the cursor's when that comment was deleted since
            sql`(${comments.createdAt}, ${comments.id}) > (coalesce((select c2.created_at from comments c2 where c2.id = ${after.id}::uuid), ${after.at.toISOString()}::timestamptz), ${after.id}::uuid)`,
          )
        : eq(comments.videoId, videoId),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const hidden = new Set(pageRows.filter((r) => shownTime(cuts, r.atSec) === null).map((r) => r.id));
  const shown = pageRows.filter((r) => !hidden.has(r.id) && !(r.parentId && hidden.has(r.parentId)));
  return { comments: shown.map((r) => toView(r, who, r.authorId !== null, cuts)), nextCursor: more && last ? encodeCursor(last) : null };
}

export interface NewComment {
  text: string;
  atSec: number;
  parentId?: string | null;
  name?: string | null;
}

/** `digestSeconds`: WEFT_COMMENT_DIGEST_SECONDS, the window one notice to the owner covers. */
export async function createComment(db: Db, video: VideoRow, who: Commenter, input: NewComment, digestSeconds: number, clock: Clock = systemClock): Promise<CommentView> {
  const decision = decideComment(video.commentPolicy, who.viewer, who.manager);
  if (!decision.allow) throw new WeftError(decision.code, decision.message);
  const text = cleanCommentText(input.text);
  let authorName: string;
  let rules: ThrottleRule[];
  if (who.viewer.userId) {
    rules = ACCOUNT_COMMENTS(who.viewer.userId);
    await assertNotThrottled(db, rules, clock); // a cheap refusal; the exact count is taken below
    const [u] = await db.select({ name: users.name }).from(users).where(eq(users.id, who.viewer.userId));
    authorName = u?.name ?? 'Someone';
  } else {
    const name = (input.name ?? '').replace(/\s+/g, ' ').trim();
    if (!name) throw new WeftError('validation_failed', 'Give your name to comment without an account.');
    if (name.length > 80) throw new WeftError('validation_failed', 'A name is at most 80 characters.');
    authorName = name;
    rules = ANON_COMMENTS(who.ip);
    await assertNotThrottled(db, rules, clock);
  }
  const row = await db.transaction(async (tx) => {
    // checked and counted under the keys' locks: a parallel burst cannot slip past the limit
    await takeThrottled(tx, rules, clock);
    let parentId: string | null = null;
    if (input.parentId) {
      const [parent] = await tx.select().from(comments).where(and(eq(comments.id, input.parentId), eq(comments.videoId, video.id)));
      if (!parent) throw new WeftError('not_found', 'The comment you answer was deleted.');
      parentId = parent.parentId ?? parent.id; // one level: an answer to an answer joins the thread
    }
    const [inserted] = await tx
      .insert(comments)
      .values({ videoId: video.id, parentId, authorId: who.viewer.userId, authorName, text, atSec: storedTime(video, input.atSec) })
      .returning();
    if (!inserted) throw new WeftError('internal', 'Could not save the comment.');
    await touch(tx, video.id);
    // the owner hears about it (in the app, by e-mail, by webhook) — not about their own; a burst
    // of comments makes one notice (the window's digest job, shared by its comments)
    if (video.ownerId && video.ownerId !== who.viewer.userId) {
      await enqueueJob(tx, 'notify-comment', { videoId: video.id, commentId: inserted.id }, { ...commentDigestJob(video.id, digestSeconds), videoId: video.id });
    } else {
      await tx.update(comments).set({ notifiedAt: new Date() }).where(eq(comments.id, inserted.id));
    }
    return inserted;
  });
  return toView(row, who, who.viewer.userId !== null, video.outputCuts);
}

async function requireComment(db: DbOrTx, videoId: VideoId, commentId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(commentId)) throw new WeftError('not_found', 'No such comment.');
  const [row] = await db.select().from(comments).where(and(eq(comments.id, commentId), eq(comments.videoId, videoId)));
  if (!row) throw new WeftError('not_found', 'No such comment.');
  return row;
}

export async function editComment(db: Db, video: VideoRow, who: Commenter, commentId: string, rawText: string): Promise<CommentView> {
  const row = await requireComment(db, video.id, commentId);
  if (!canEditComment(row, who.viewer)) throw new WeftError('forbidden', 'Only its author can edit a comment.');
  const text = cleanCommentText(rawText);
  const [updated] = await db.transaction(async (tx) => {
    const res = await tx.update(comments).set({ text, editedAt: new Date(), updatedAt: new Date() }).where(eq(comments.id, row.id)).returning();
    await touch(tx, video.id);
    return res;
  });
  return toView(updated!, who, true, video.outputCuts);
}

export async function deleteComment(db: Db, video: VideoRow, who: Commenter, commentId: string): Promise<void> {
  const row = await requireComment(db, video.id, commentId);
  if (!canDeleteComment(row, who.viewer, who.manager)) throw new WeftError('forbidden', 'Only its author or the video’s owner can delete a comment.');
  await db.transaction(async (tx) => {
    await tx.delete(comments).where(eq(comments.id, row.id)); // its replies go with it
    await touch(tx, video.id);
  });
}

export interface ReactionCount {
  emoji: Reaction;
  /** The second it was dropped at. */
  atSec: number;
  count: number;
}

export async function addReaction(db: Db, video: VideoRow, who: Commenter, input: { emoji: string; atSec: number }, clock: Clock = systemClock): Promise<ReactionCount> {
  const decision = decideComment(video.commentPolicy, who.viewer, who.manager, 'react');
  if (!decision.allow) throw new WeftError(decision.code, decision.message);
  if (!(REACTIONS as readonly string[]).includes(input.emoji)) throw new WeftError('validation_failed', `emoji must be one of ${REACTIONS.join(' ')}`);
  const whoKey = who.viewer.userId ? `user:${who.viewer.userId}` : `ip:${who.ip}`;
  await assertNotThrottled(db, REACTION_RULES(whoKey), clock);
  const atSec = Math.floor(storedTime(video, input.atSec));
  await db.transaction(async (tx) => {
    await takeThrottled(tx, REACTION_RULES(whoKey), clock);
    await tx.insert(reactions).values({ videoId: video.id, emoji: input.emoji, atSec, authorId: who.viewer.userId });
    await touch(tx, video.id, 'reaction');
  });
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(reactions)
    .where(and(eq(reactions.videoId, video.id), eq(reactions.emoji, input.emoji), eq(reactions.atSec, atSec)));
  return { emoji: input.emoji as Reaction, atSec: shownTime(video.outputCuts, atSec) ?? 0, count: Number(row?.n ?? 1) };
}

/** Reactions grouped by emoji and second, in time order, in the version playing (those in cut parts left out). */
export async function reactionSummary(db: Db, videoId: VideoId, cuts: readonly Cut[] = []): Promise<ReactionCount[]> {
  const rows = await db
    .select({ emoji: reactions.emoji, atSec: reactions.atSec, n: sql<number>`count(*)::int` })
    .from(reactions)
    .where(eq(reactions.videoId, videoId))
    .groupBy(reactions.emoji, reactions.atSec)
    .orderBy(asc(reactions.atSec), asc(reactions.emoji));
  return rows.flatMap((r) => {
    const atSec = shownTime(cuts, Number(r.atSec));
    return atSec === null ? [] : [{ emoji: r.emoji as Reaction, atSec, count: Number(r.n) }];
  });
}
