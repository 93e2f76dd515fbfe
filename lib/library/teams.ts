import { createHmac, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../platform/db/client';
import { folderMembers, folders, invites, users, videoPeople, videos, workspaceMembers, workspaces } from '../platform/db/schema';
import { WeftError } from '../platform/errors';
import { takeThrottled, type ThrottleRule } from '../platform/accounts/throttle';
import { hashSecret } from '../platform/accounts/tokens';
import { hashPassword } from '../platform/accounts/password';
import { createWorkspaceFor, membershipsOf } from '../platform/accounts/service';
import { systemClock, type Clock } from '../platform/clock';
import { canAdminWorkspace, type Viewer } from '../videos/policy';
import type { CommentPolicy, VideoId, Visibility, WorkspaceRole } from '../shared/api/enums';
import { isUuid } from '../shared/ids';

/**
 * Workspaces, their members and invites. Who may do what is the policy's (`canAdminWorkspace`):
 * a workspace's admins manage its members, invites and settings; every member sees who else is in it.
 */

export const INVITE_TTL_MS = 7 * 24 * 3600_000;

const hour = 3600_000;
const rule = (key: string, limit: number, windowMs: number, message: string): ThrottleRule => ({ key, limit, windowMs, code: 'too_many_changes', message });

export interface WorkspaceSummary {
  id: string;
  name: string;
  role: WorkspaceRole;
}

export async function listWorkspaces(db: DbOrTx, userId: string): Promise<WorkspaceSummary[]> {
  return db
    .select({ id: workspaces.id, name: workspaces.name, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, userId))
    .orderBy(asc(workspaces.name), asc(workspaces.createdAt));
}

/** A member's view of a workspace; its settings (domains) only to its admins. */
export async function getWorkspace(db: DbOrTx, viewer: Viewer, id: string) {
  const ws = await requireMemberOf(db, viewer, id);
  const admin = canAdminWorkspace(ws.id, viewer);
  return {
    id: ws.id,
    name: ws.name,
    role: viewer.workspaces[ws.id]!,
    defaultVisibility: ws.defaultVisibility,
    defaultComments: ws.defaultCommentPolicy,
    joinDomains: admin ? ws.joinDomains : [],
  };
}

/** The workspace, if the viewer is one of its members; others get the same 404 as for none. */
async function requireMemberOf(db: DbOrTx, viewer: Viewer, id: string) {
  if (!isUuid(id) || !viewer.userId || viewer.workspaces[id] === undefined) throw new WeftError('workspace_not_found', 'No such workspace.');
  const [ws] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  if (!ws) throw new WeftError('workspace_not_found', 'No such workspace.');
  return ws;
}

async function requireAdminOf(db: DbOrTx, viewer: Viewer, id: string) {
  const ws = await requireMemberOf(db, viewer, id);
  if (!canAdminWorkspace(id, viewer)) throw new WeftError('forbidden', 'Only an admin of this workspace may do that.');
  return ws;
}

/** A new workspace with its creator as admin (when the instance lets its accounts make workspaces). */
export async function createWorkspace(db: Db, viewer: Viewer, name: string, opts: { allowed: boolean; clock?: Clock }) {
  if (!viewer.userId) throw new WeftError('unauthorized', 'Log in first.');
  if (!opts.allowed && viewer.role !== 'admin') throw new WeftError('forbidden', 'On this Weft only administrators create workspaces.');
  const userId = viewer.userId;
  return db.transaction(async (tx) => {
    await takeThrottled(tx, [rule(`workspace-create:${userId}`, 10, 24 * hour, 'Too many workspaces created today.')], opts.clock);
    const id = await createWorkspaceFor(tx, userId, name);
    return { id, name, role: 'admin' as const };
  });
}

export interface WorkspacePatch {
  name?: string;
  defaultVisibility?: Visibility;
  defaultComments?: CommentPolicy;
  joinDomains?: string[];
}

export async function updateWorkspace(db: Db, viewer: Viewer, id: string, patch: WorkspacePatch) {
  await requireAdminOf(db, viewer, id);
  const set: Partial<typeof workspaces.$inferInsert> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.defaultVisibility !== undefined) set.defaultVisibility = patch.defaultVisibility;
  if (patch.defaultComments !== undefined) set.defaultCommentPolicy = patch.defaultComments;
  if (patch.joinDomains !== undefined) set.joinDomains = [...new Set(patch.joinDomains.map((d) => d.trim().toLowerCase().replace(/^@/, '')))].filter(Boolean);
  if (Object.keys(set).length > 0) await db.update(workspaces).set(set).where(eq(workspaces.id, id));
  return getWorkspace(db, viewer, id);
}

/** The workspace new recordings go to (the header's switcher). */
export async function switchWorkspace(db: DbOrTx, viewer: Viewer, id: string): Promise<void> {
  await requireMemberOf(db, viewer, id);
  await db.update(users).set({ currentWorkspaceId: id }).where(eq(users.id, viewer.userId!));
}

// ---------- members ----------

export async function listMembers(db: DbOrTx, viewer: Viewer, id: string) {
  await requireMemberOf(db, viewer, id);
  const rows = await db
    .select({ userId: users.id, name: users.name, email: users.email, role: workspaceMembers.role, disabled: sql<boolean>`${users.disabledAt} is not null`, joinedAt: workspaceMembers.createdAt })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(eq(workspaceMembers.workspaceId, id))
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, disabled: Boolean(r.disabled) }));
}

async function adminCount(tx: DbOrTx, workspaceId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.role, 'admin')));
  return Number(row?.n ?? 0);
}

/**
 * Ends whatever a person could watch in a workspace through it: the media URLs of its videos carry
 * their access epoch, which moves (every URL handed out before stops; the others' players fetch new
 * ones); event streams re-ask the policy within seconds.
 */
async function endWorkspaceAccess(tx: DbOrTx, workspaceId: string): Promise<void> {
  await tx
    .update(videos)
    .set({ accessEpoch: sql`${videos.accessEpoch} + 1` })
    .where(and(eq(videos.workspaceId, workspaceId), isNull(videos.deletedAt), ne(videos.visibility, 'public')));
}

export async function setMemberRole(db: Db, viewer: Viewer, id: string, userId: string, role: WorkspaceRole) {
  await requireAdminOf(db, viewer, id);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`workspace:${id}`}))`);
    const [m] = isUuid(userId) ? await tx.select().from(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, id), eq(workspaceMembers.userId, userId))) : [];
    if (!m) throw new WeftError('not_found', 'No such member of this workspace.');
    if (m.role === 'admin' && role !== 'admin' && (await adminCount(tx, id)) <= 1) {
      throw new WeftError('last_admin', 'A workspace needs an admin: make someone else admin first.');
    }
    await tx.update(workspaceMembers).set({ role }).where(and(eq(workspaceMembers.workspaceId, id), eq(workspaceMembers.userId, userId)));
    // a lower role manages less: the URLs its old role was handed stop
    if (m.role === 'admin' && role !== 'admin') await endWorkspaceAccess(tx, id);
    return { userId, role };
  });
}

/** Removes a member (an admin, or the member leaving); their videos stay with the workspace. */
export async function removeMember(db: Db, viewer: Viewer, id: string, userId: string): Promise<void> {
  const self = viewer.userId === userId;
  if (self) await requireMemberOf(db, viewer, id);
  else await requireAdminOf(db, viewer, id);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`workspace:${id}`}))`);
    const [m] = isUuid(userId) ? await tx.select().from(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, id), eq(workspaceMembers.userId, userId))) : [];
    if (!m) throw new WeftError('not_found', 'No such member of this workspace.');
    if (m.role === 'admin' && (await adminCount(tx, id)) <= 1) throw new WeftError('last_admin', 'A workspace needs an admin: make someone else admin first.');
    await tx.delete(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, id), eq(workspaceMembers.userId, userId)));
    const inWs = tx.select({ id: folders.id }).from(folders).where(eq(folders.workspaceId, id));
    await tx.delete(folderMembers).where(and(eq(folderMembers.userId, userId), inArray(folderMembers.folderId, inWs)));
    await tx.update(users).set({ currentWorkspaceId: null }).where(and(eq(users.id, userId), eq(users.currentWorkspaceId, id)));
    await endWorkspaceAccess(tx, id);
  });
}

/** Joins a workspace whose domain rule lets the account's verified address in (as a member). */
export async function joinByDomain(db: Db, viewer: Viewer, id: string): Promise<WorkspaceSummary> {
  if (!viewer.userId || !isUuid(id)) throw new WeftError('workspace_not_found', 'No such workspace.');
  const [u] = await db.select().from(users).where(eq(users.id, viewer.userId));
  const [ws] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  if (!u || !ws || !domainMatches(ws.joinDomains, u.email)) throw new WeftError('workspace_not_found', 'No such workspace.');
  if (!u.emailVerified) throw new WeftError('forbidden', 'Your address is not verified: sign in with single sign-on, or ask an admin for an invite.');
  await db.insert(workspaceMembers).values({ workspaceId: id, userId: u.id, role: 'member' }).onConflictDoNothing();
  const role = (await membershipsOf(db, u.id))[id] ?? 'member';
  return { id, name: ws.name, role };
}

/** Workspaces an account's verified address may join by their domain rules and has not. */
export async function joinableWorkspaces(db: DbOrTx, userId: string): Promise<Array<{ id: string; name: string }>> {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  if (!u || !u.emailVerified) return [];
  const domain = domainOf(u.email);
  const rows = await db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(sql`${domain} = any(${workspaces.joinDomains}) and not exists (select 1 from workspace_members m where m.workspace_id = ${workspaces.id} and m.user_id = ${userId}::uuid)`);
  return rows;
}

/** Joins every workspace whose domain rule matches a verified address (single sign-on accounts). */
export async function joinDomainWorkspaces(db: DbOrTx, userId: string, email: string): Promise<number> {
  const domain = domainOf(email);
  const rows = await db.select({ id: workspaces.id }).from(workspaces).where(sql`${domain} = any(${workspaces.joinDomains})`);
  for (const r of rows) await db.insert(workspaceMembers).values({ workspaceId: r.id, userId, role: 'member' }).onConflictDoNothing();
  return rows.length;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();
const domainMatches = (domains: string[], email: string) => domains.includes(domainOf(email));

// ---------- invites ----------

/** An invite's link token: derived from its id with the server's key (so an admin can copy it again); the table keeps its hash. */
export function inviteToken(key: string, inviteId: string): string {
  return createHmac('sha256', `${key}:invite`).update(inviteId).digest('base64url');
}

export const inviteUrl = (base: string, token: string) => `${base}/invite/${token}`;

export async function createInvite(
  db: Db,
  viewer: Viewer,
  workspaceId: string,
  input: { email: string; role: WorkspaceRole },
  key: string,
  clock: Clock = systemClock,
): Promise<{ id: string; token: string; expiresAt: Date; workspaceName: string }> {
  const ws = await requireAdminOf(db, viewer, workspaceId);
  return db.transaction(async (tx) => {
    await takeThrottled(tx, [rule(`invite:${workspaceId}`, 100, 24 * hour, 'Too many invites from this workspace today.'), rule(`invite-by:${viewer.userId}`, 30, hour, 'Too many invites sent in the last hour.')], clock);
    const [member] = await tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(workspaceMembers, and(eq(workspaceMembers.userId, users.id), eq(workspaceMembers.workspaceId, workspaceId)))
      .where(eq(users.email, input.email));
    if (member) throw new WeftError('already_member', `${input.email} is a member of this workspace already.`);
    return { ...(await insertInvite(tx, { workspaceId, videoId: null, email: input.email, role: input.role, invitedBy: viewer.userId }, key, clock)), workspaceName: ws.name };
  });
}

export async function insertInvite(
  tx: DbOrTx,
  v: { workspaceId: string; videoId: VideoId | null; email: string; role: WorkspaceRole; invitedBy: string | null },
  key: string,
  clock: Clock,
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const id = randomUUID();
  const token = inviteToken(key, id);
  const expiresAt = new Date(clock.now() + INVITE_TTL_MS);
  await tx.insert(invites).values({ id, ...v, tokenHash: hashSecret(token), expiresAt });
  return { id, token, expiresAt };
}

export async function listInvites(db: DbOrTx, viewer: Viewer, workspaceId: string, key: string, clock: Clock = systemClock) {
  await requireAdminOf(db, viewer, workspaceId);
  const rows = await db
    .select()
    .from(invites)
    .where(and(eq(invites.workspaceId, workspaceId), isNull(invites.videoId)))
    .orderBy(desc(invites.createdAt))
    .limit(200);
  return rows.map((r) => {
    const state = inviteState(r, clock);
    return { id: r.id, email: r.email, role: r.role, state, expiresAt: r.expiresAt, createdAt: r.createdAt, token: state === 'pending' ? inviteToken(key, r.id) : null };
  });
}

export async function revokeInvite(db: DbOrTx, viewer: Viewer, workspaceId: string, inviteId: string): Promise<void> {
  await requireAdminOf(db, viewer, workspaceId);
  const hit = isUuid(inviteId)
    ? await db
        .update(invites)
        .set({ revokedAt: new Date() })
        .where(and(eq(invites.id, inviteId), eq(invites.workspaceId, workspaceId), isNull(invites.revokedAt), isNull(invites.acceptedAt)))
        .returning({ id: invites.id })
    : [];
  if (hit.length === 0) throw new WeftError('not_found', 'No such open invite.');
}

type InviteRow = typeof invites.$inferSelect;

function inviteState(r: InviteRow, clock: Clock): 'pending' | 'accepted' | 'revoked' | 'expired' {
  if (r.acceptedAt) return 'accepted';
  if (r.revokedAt) return 'revoked';
  if (r.expiresAt.getTime() <= clock.now()) return 'expired';
  return 'pending';
}

/** Lookups and accepts of invite links, per client address (a wrong token costs the same as a right one). */
export const inviteRules = (address: string): ThrottleRule[] => [{ key: `invite-use:${address}`, limit: 60, windowMs: 15 * 60_000, message: 'Too many invite links tried from your network address.' }];

/** An open invite by its token: what it is for. Used, revoked and expired ones say so (410); unknown ones 404. */
export async function findInvite(db: DbOrTx, token: string, clock: Clock = systemClock) {
  const [row] =
    token.length > 0 && token.length <= 200
      ? await db
          .select({ invite: invites, workspace: { id: workspaces.id, name: workspaces.name } })
          .from(invites)
          .innerJoin(workspaces, eq(workspaces.id, invites.workspaceId))
          .where(eq(invites.tokenHash, hashSecret(token)))
      : [];
  if (!row) throw new WeftError('invite_invalid', 'This invite link is not valid.');
  const state = inviteState(row.invite, clock);
  if (state === 'accepted') throw new WeftError('invite_used', 'This invite was used already. Log in, or ask for a new invite.');
  if (state === 'revoked') throw new WeftError('invite_revoked', 'This invite was withdrawn. Ask an admin of the workspace for a new one.');
  if (state === 'expired') throw new WeftError('invite_expired', 'This invite has expired. Ask an admin of the workspace for a new one.');
  let video: { id: string; title: string } | null = null;
  if (row.invite.videoId) {
    const [v] = await db.select({ id: videos.id, title: videos.title }).from(videos).where(and(eq(videos.id, row.invite.videoId), isNull(videos.deletedAt)));
    if (!v) throw new WeftError('invite_invalid', 'The video of this invite is gone.');
    video = v;
  }
  return { invite: row.invite, workspace: row.workspace, video };
}

export type Acceptor = { kind: 'signed_in'; userId: string; email: string } | { kind: 'new_account'; name: string; password: string };

/**
 * Accepts an invite: as the signed-in account (which must have the invited address), or by making
 * an account for the invited address (sign-up may be closed: the invite is the permission). Single
 * use: the invite row is taken under a lock, so two accepts of one link cannot both succeed.
 */
export async function acceptInvite(db: Db, token: string, who: Acceptor, clock: Clock = systemClock): Promise<{ userId: string; workspaceId: string; videoId: string | null; created: boolean }> {
  const passwordHash = who.kind === 'new_account' ? await hashPassword(who.password) : null;
  return db.transaction(async (tx) => {
    const found = await findInvite(tx, token, clock);
    const [locked] = await queryRows<{ id: string }>(tx, sql`select id from invites where id = ${found.invite.id}::uuid and accepted_at is null and revoked_at is null for update`);
    if (!locked) throw new WeftError('invite_used', 'This invite was used already. Log in, or ask for a new invite.');
    const inv = found.invite;
    let userId: string;
    let created = false;
    if (who.kind === 'signed_in') {
      if (who.email !== inv.email) throw new WeftError('invite_wrong_account', `This invite is for ${inv.email}; you are signed in as ${who.email}. Log out and accept it as ${inv.email}.`);
      userId = who.userId;
      // the invite reached this address: it is proven
      await tx.update(users).set({ emailVerified: true }).where(eq(users.id, userId));
    } else {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, inv.email));
      if (existing) throw new WeftError('email_taken', `An account for ${inv.email} exists already: log in, then open the invite again.`);
      const [u] = await tx
        .insert(users)
        .values({ email: inv.email, name: who.name, passwordHash, role: 'member', emailVerified: true, currentWorkspaceId: inv.videoId ? null : inv.workspaceId })
        .returning({ id: users.id });
      userId = u!.id;
      created = true;
    }
    if (inv.videoId) {
      await tx.update(videoPeople).set({ userId }).where(and(eq(videoPeople.videoId, inv.videoId), eq(videoPeople.email, inv.email)));
    } else {
      await tx.insert(workspaceMembers).values({ workspaceId: inv.workspaceId, userId, role: inv.role }).onConflictDoNothing();
      await tx.update(users).set({ currentWorkspaceId: inv.workspaceId }).where(eq(users.id, userId));
    }
    // an account made to watch one video still gets a workspace of its own to record in
    if (created && inv.videoId) await createWorkspaceFor(tx, userId, `${who.kind === 'new_account' ? who.name.split(/\s+/)[0] : 'My'}’s workspace`);
    await tx.update(invites).set({ acceptedAt: new Date(clock.now()), acceptedBy: userId }).where(eq(invites.id, inv.id));
    return { userId, workspaceId: inv.workspaceId, videoId: inv.videoId, created };
  });
}

/**
 * The writers of the team layer without a throttle of their own (settings, roles, removals,
 * folders, filing, sharing changes, switching): 120 per account per 10 minutes together, so no
 * client can loop on them.
 */
export async function takeTeamChange(db: Db, userId: string, clock: Clock = systemClock): Promise<void> {
  await db.transaction((tx) => takeThrottled(tx, [rule(`team-change:${userId}`, 120, 10 * 60_000, 'Too many changes to workspaces, folders and sharing in the last 10 minutes.')], clock));
}
