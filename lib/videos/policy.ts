import { sql, type SQL } from 'drizzle-orm';
import type { UserRole, Visibility } from '../platform/db/schema';
import type { CommentPolicy } from '../shared/api/enums';
import type { ErrorCode } from '../platform/errors';

/**
 * Every access decision about a video, in one place (pure). Routes and pages ask here instead of
 * deciding themselves.
 */
export interface Viewer {
  userId: string | null;
  role: UserRole | null;
}

export const ANONYMOUS: Viewer = { userId: null, role: null };

export interface VideoAccessFacts {
  ownerId: string | null;
  visibility: Visibility;
  hasPassword: boolean;
}

export type ShareTokenState = 'none' | 'valid' | 'expired' | 'revoked' | 'unknown';

export type ViewDecision =
  | { allow: true; manager: boolean }
  | { allow: false; code: ErrorCode; message: string };

/** Owner, or admin; a video from before accounts existed belongs to the admins. */
export function canManage(video: Pick<VideoAccessFacts, 'ownerId'>, viewer: Viewer): boolean {
  if (!viewer.userId) return false;
  if (viewer.role === 'admin') return true;
  return video.ownerId !== null && video.ownerId === viewer.userId;
}

/**
 * Whether a playback counts in a video's insights: the owner's (and an admin's) own looks at a
 * video they manage are not views — they would fill "Seen by" with the owner and move the
 * retention curve by every check of a recording.
 */
export function countsAsView(decision: { manager: boolean }): boolean {
  return !decision.manager;
}

/** Who may read viewers' e-mail addresses (insights name signed-in viewers to the owner; addresses stay with admins). */
export function canSeeViewerEmails(viewer: Viewer): boolean {
  return viewer.userId !== null && viewer.role === 'admin';
}

export function decideView(
  video: VideoAccessFacts,
  viewer: Viewer,
  ctx: { shareToken: ShareTokenState; passwordUnlocked: boolean },
): ViewDecision {
  if (canManage(video, viewer)) return { allow: true, manager: true };
  const openToLinkHolders = video.visibility === 'link' || video.visibility === 'public';
  if (!openToLinkHolders && ctx.shareToken !== 'valid') {
    if (ctx.shareToken === 'expired') return { allow: false, code: 'share_link_expired', message: 'This share link has expired. Ask the owner for a new one.' };
    if (ctx.shareToken === 'revoked') return { allow: false, code: 'share_link_revoked', message: 'This share link was revoked by the owner.' };
    if (ctx.shareToken === 'unknown') return { allow: false, code: 'share_link_invalid', message: 'This share link is not valid.' };
    // private: indistinguishable from a video that does not exist
    return { allow: false, code: 'video_not_found', message: 'No video with this id.' };
  }
  if (video.hasPassword && !ctx.passwordUnlocked) {
    return { allow: false, code: 'password_required', message: 'This video is protected by a password.' };
  }
  return { allow: true, manager: false };
}

/**
 * Whether a viewer may *find* a video (search, listings), not only open it: the videos they manage,
 * and public ones without a password. A link-only video opens to whoever has the link but is never
 * listed; a share token is per video and does not widen a search. `visibleVideosWhere` is the same
 * rule in SQL, for many rows (a test compares the two on every kind of viewer and video).
 */
export function canFind(video: VideoAccessFacts, viewer: Viewer): boolean {
  const decision = decideView(video, viewer, { shareToken: 'none', passwordUnlocked: false });
  return decision.allow && (decision.manager || video.visibility === 'public');
}

/** Columns of a query's videos table, for `visibleVideosWhere` (raw SQL names, e.g. `v.owner_id`). */
export interface VideoColumns {
  ownerId: SQL;
  visibility: SQL;
  passwordHash: SQL;
}

const VIDEO_COLUMNS: VideoColumns = { ownerId: sql`v.owner_id`, visibility: sql`v.visibility`, passwordHash: sql`v.password_hash` };

/** `canFind` as an SQL condition, for many rows. */
export function visibleVideosWhere(viewer: Viewer, cols: VideoColumns = VIDEO_COLUMNS): SQL {
  const discoverable = sql`(${cols.visibility} = 'public' and ${cols.passwordHash} is null)`;
  if (viewer.role === 'admin' && viewer.userId) return sql`true`;
  if (!viewer.userId) return discoverable;
  return sql`(${cols.ownerId} = ${viewer.userId}::uuid or ${discoverable})`;
}

export type CommentDecision = { allow: true } | { allow: false; code: ErrorCode; message: string };

/**
 * Who may comment on (or react to) a video a viewer can watch: its manager always; otherwise as the
 * owner chose — nobody, signed-in viewers, or anyone (anonymous viewers give a name).
 */
/** Who may comment — and react: reactions follow the comment setting, and say so in their own words. */
export function decideComment(policy: CommentPolicy, viewer: Viewer, manager: boolean, act: 'comment' | 'react' = 'comment'): CommentDecision {
  if (manager) return { allow: true };
  if (policy === 'nobody') {
    return { allow: false, code: 'comments_closed', message: act === 'react' ? 'The owner turned reactions off for this video.' : 'The owner turned comments off for this video.' };
  }
  if (policy === 'signed_in' && !viewer.userId) return { allow: false, code: 'unauthorized', message: act === 'react' ? 'Log in to react to this video.' : 'Log in to comment on this video.' };
  return { allow: true };
}

/** A comment may be edited by its signed-in author, and deleted by its author or the video's manager. */
export function canEditComment(comment: { authorId: string | null }, viewer: Viewer): boolean {
  return viewer.userId !== null && comment.authorId === viewer.userId;
}

export function canDeleteComment(comment: { authorId: string | null }, viewer: Viewer, manager: boolean): boolean {
  return manager || canEditComment(comment, viewer);
}
