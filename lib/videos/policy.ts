import { sql, type SQL } from 'drizzle-orm';
import type { UserRole, Visibility } from '../platform/db/schema';
import type { FolderAccess, WorkspaceRole } from '../shared/api/enums';
import type { CommentPolicy } from '../shared/api/enums';
import type { ErrorCode } from '../platform/errors';

/**
 * Every access decision about a video, in one place (pure). Routes and pages ask here instead of
 * deciding themselves.
 */
export interface Viewer {
  userId: string | null;
  /** The instance role (`admin` runs the instance and manages every video). */
  role: UserRole | null;
  /** The workspaces the viewer is a member of, with the role in each. */
  workspaces: Readonly<Record<string, WorkspaceRole>>;
}

export const ANONYMOUS: Viewer = { userId: null, role: null, workspaces: {} };

/** The viewer an authenticated caller is (or anonymous). */
export function viewerFrom(p: { userId: string; role: UserRole; workspaces: Readonly<Record<string, WorkspaceRole>> } | null): Viewer {
  return p ? { userId: p.userId, role: p.role, workspaces: p.workspaces } : ANONYMOUS;
}

export interface VideoAccessFacts {
  ownerId: string | null;
  workspaceId: string;
  visibility: Visibility;
  hasPassword: boolean;
  /** The access of the folder the video is in (null: in no folder). */
  folderAccess: FolderAccess | null;
}

/** What is true of this viewer and this video beyond the viewer's memberships (loaded per video). */
export interface ViewerVideoFacts {
  /** The video was shared with the viewer by name. */
  named: boolean;
  /** The viewer is listed on the video's members-only folder. */
  folderListed: boolean;
}

export const NO_PERSONAL_FACTS: ViewerVideoFacts = { named: false, folderListed: false };

export type ShareTokenState = 'none' | 'valid' | 'expired' | 'revoked' | 'unknown';

export type ViewDecision =
  | { allow: true; manager: boolean }
  | { allow: false; code: ErrorCode; message: string };

/**
 * Who manages a video (edits, shares, deletes it, sees its insights): the instance's admins; the
 * admins of its workspace; its owner while a member of that workspace (a removed member's videos
 * stay with the workspace, managed by its admins). Without a workspace (a recording session) the owner.
 */
export function canManage(video: { ownerId: string | null; workspaceId?: string | null }, viewer: Viewer): boolean {
  if (!viewer.userId) return false;
  if (viewer.role === 'admin') return true;
  const owner = video.ownerId !== null && video.ownerId === viewer.userId;
  if (video.workspaceId === undefined || video.workspaceId === null) return owner;
  const role = viewer.workspaces[video.workspaceId];
  if (role === 'admin') return true;
  return owner && role !== undefined;
}

/** Who may record into a workspace: its admins and members, not its viewers. */
export function canRecord(workspaceId: string, viewer: Viewer): boolean {
  const role = viewer.userId ? viewer.workspaces[workspaceId] : undefined;
  return role === 'admin' || role === 'member';
}

/** Who administers a workspace (members, invites, settings, every video): its admins. */
export function canAdminWorkspace(workspaceId: string, viewer: Viewer): boolean {
  return viewer.userId !== null && viewer.workspaces[workspaceId] === 'admin';
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

/**
 * The members of the video's workspace see it when its visibility is `workspace` or wider — unless
 * it sits in a members-only folder they are not listed on.
 */
function openToMember(video: VideoAccessFacts, viewer: Viewer, facts: ViewerVideoFacts): boolean {
  if (!viewer.userId || viewer.workspaces[video.workspaceId] === undefined) return false;
  if (video.visibility === 'private') return false;
  return video.folderAccess !== 'members' || facts.folderListed;
}

export function decideView(
  video: VideoAccessFacts,
  viewer: Viewer,
  ctx: { shareToken: ShareTokenState; passwordUnlocked: boolean } & Partial<ViewerVideoFacts>,
): ViewDecision {
  if (canManage(video, viewer)) return { allow: true, manager: true };
  const facts: ViewerVideoFacts = { named: ctx.named ?? false, folderListed: ctx.folderListed ?? false };
  const openToLinkHolders = video.visibility === 'link' || video.visibility === 'public';
  const open = openToLinkHolders || openToMember(video, viewer, facts) || (facts.named && viewer.userId !== null) || ctx.shareToken === 'valid';
  if (!open) {
    if (ctx.shareToken === 'expired') return { allow: false, code: 'share_link_expired', message: 'This share link has expired. Ask the owner for a new one.' };
    if (ctx.shareToken === 'revoked') return { allow: false, code: 'share_link_revoked', message: 'This share link was revoked by the owner.' };
    if (ctx.shareToken === 'unknown') return { allow: false, code: 'share_link_invalid', message: 'This share link is not valid.' };
    // private (or the workspace's, to an outsider): indistinguishable from a video that does not exist
    return { allow: false, code: 'video_not_found', message: 'No video with this id.' };
  }
  if (video.hasPassword && !ctx.passwordUnlocked) {
    return { allow: false, code: 'password_required', message: 'This video is protected by a password.' };
  }
  return { allow: true, manager: false };
}

/**
 * Whether a viewer may *find* a video (search, listings), not only open it: the videos they manage;
 * public ones; in their workspaces, those of `workspace` visibility or wider (folder rules apply);
 * those shared with them by name — never one behind a password they have not been let past. A
 * link-only video opens to whoever has the link but is listed only inside its workspace; a share
 * token is per video and does not widen a search. `visibleVideosWhere` is the same rule in SQL, for
 * many rows (a test compares the two on every kind of viewer and video).
 */
export function canFind(video: VideoAccessFacts, viewer: Viewer, facts: ViewerVideoFacts = NO_PERSONAL_FACTS): boolean {
  const decision = decideView(video, viewer, { shareToken: 'none', passwordUnlocked: false, ...facts });
  if (!decision.allow) return false;
  return decision.manager || video.visibility === 'public' || openToMember(video, viewer, facts) || (facts.named && viewer.userId !== null);
}

/** Columns of a query's videos table, for `visibleVideosWhere` (raw SQL names, e.g. `v.owner_id`). */
export interface VideoColumns {
  id: SQL;
  ownerId: SQL;
  workspaceId: SQL;
  folderId: SQL;
  visibility: SQL;
  passwordHash: SQL;
}

const VIDEO_COLUMNS: VideoColumns = {
  id: sql`v.id`,
  ownerId: sql`v.owner_id`,
  workspaceId: sql`v.workspace_id`,
  folderId: sql`v.folder_id`,
  visibility: sql`v.visibility`,
  passwordHash: sql`v.password_hash`,
};

function uuidIn(column: SQL, ids: string[]): SQL {
  if (ids.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

/** `canFind` as an SQL condition, for many rows. */
export function visibleVideosWhere(viewer: Viewer, cols: VideoColumns = VIDEO_COLUMNS): SQL {
  const discoverable = sql`(${cols.visibility} = 'public' and ${cols.passwordHash} is null)`;
  if (viewer.role === 'admin' && viewer.userId) return sql`true`;
  if (!viewer.userId) return discoverable;
  const me = sql`${viewer.userId}::uuid`;
  const all = Object.keys(viewer.workspaces);
  const adminOf = all.filter((id) => viewer.workspaces[id] === 'admin');
  const manages = sql`(${uuidIn(cols.workspaceId, adminOf)} or (${cols.ownerId} = ${me} and ${uuidIn(cols.workspaceId, all)}))`;
  const folderOpen = sql`(${cols.folderId} is null or exists (select 1 from folders f where f.id = ${cols.folderId} and (f.access = 'open' or exists (select 1 from folder_members fm where fm.folder_id = f.id and fm.user_id = ${me}))))`;
  const member = sql`(${cols.visibility} <> 'private' and ${uuidIn(cols.workspaceId, all)} and ${folderOpen})`;
  const named = sql`exists (select 1 from video_people vp where vp.video_id = ${cols.id} and vp.user_id = ${me})`;
  return sql`(${manages} or ${discoverable} or (${cols.passwordHash} is null and (${member} or ${named})))`;
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
