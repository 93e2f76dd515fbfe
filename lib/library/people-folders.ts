import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../platform/db/client';
import { folderMembers, folders, invites, users, videoPeople, videos, workspaceMembers } from '../platform/db/schema';
import { WeftError } from '../platform/errors';
import { takeThrottled } from '../platform/accounts/throttle';
import { systemClock, type Clock } from '../platform/clock';
import { bumpAccessEpoch } from '../videos/access-epoch';
import { requireManagedVideo } from '../videos/repo';
import { canAdminWorkspace, canRecord, type Viewer } from '../videos/policy';
import type { FolderAccess } from '../shared/api/enums';
import { isUuid } from '../shared/ids';
import { insertInvite } from './teams';

/**
 * Sharing a video with named people, and the workspace's folders. Each act asks the policy: the
 * video's managers name people; members (not viewers) make folders; a folder's maker or the
 * workspace's admins change it; the video's managers file it.
 */

const hour = 3600_000;

// ---------- named people ----------

export async function listPeople(db: DbOrTx, viewer: Viewer, videoId: string) {
  const v = await requireManagedVideo(db, videoId, viewer);
  return db
    .select({ id: videoPeople.id, email: videoPeople.email, name: users.name, joined: sql<boolean>`${videoPeople.userId} is not null`, createdAt: videoPeople.createdAt })
    .from(videoPeople)
    .leftJoin(users, eq(users.id, videoPeople.userId))
    .where(eq(videoPeople.videoId, v.id))
    .orderBy(asc(videoPeople.createdAt))
    .then((rows) => rows.map((r) => ({ ...r, joined: Boolean(r.joined) })));
}

/**
 * Shares a video with a person by address. An account with that address can watch at once; anyone
 * else is sent an invite to this video (an account of their own follows from it), and watches once
 * they accept. The video's visibility is not widened.
 */
export async function addPerson(db: Db, viewer: Viewer, videoId: string, email: string, key: string, clock: Clock = systemClock) {
  const v = await requireManagedVideo(db, videoId, viewer);
  return db.transaction(async (tx) => {
    await takeThrottled(tx, [{ key: `people:${viewer.userId}`, limit: 60, windowMs: hour, code: 'too_many_changes', message: 'Too many people added in the last hour.' }], clock);
    const [account] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, email));
    const [person] = await tx
      .insert(videoPeople)
      .values({ videoId: v.id, email, userId: account?.id ?? null, addedBy: viewer.userId })
      .onConflictDoUpdate({ target: [videoPeople.videoId, videoPeople.email], set: { userId: account?.id ?? null } })
      .returning();
    let invite: { token: string; expiresAt: Date } | null = null;
    if (!account) invite = await insertInvite(tx, { workspaceId: v.workspaceId, videoId: v.id, email, role: 'viewer', invitedBy: viewer.userId }, key, clock);
    return { person: { id: person!.id, email, name: account?.name ?? null, joined: account !== undefined, createdAt: person!.createdAt }, invite, title: v.title };
  });
}

export async function removePerson(db: Db, viewer: Viewer, videoId: string, personId: string): Promise<void> {
  const v = await requireManagedVideo(db, videoId, viewer);
  const [gone] = isUuid(personId) ? await db.delete(videoPeople).where(and(eq(videoPeople.id, personId), eq(videoPeople.videoId, v.id))).returning() : [];
  if (!gone) throw new WeftError('not_found', 'No such person on this video.');
  // their pending invite to it goes too, and the URLs they were handed stop
  await db
    .update(invites)
    .set({ revokedAt: new Date() })
    .where(and(eq(invites.videoId, v.id), eq(invites.email, gone.email), isNull(invites.acceptedAt), isNull(invites.revokedAt)));
  await bumpAccessEpoch(db, v.id);
}

// ---------- folders ----------

export interface FolderView {
  id: string;
  name: string;
  access: FolderAccess;
  members: string[];
  canEdit: boolean;
}

/** The workspace's folders the viewer can see: open ones, and members-only ones they are listed on (admins see all). */
export async function listFolders(db: DbOrTx, viewer: Viewer, workspaceId: string): Promise<FolderView[]> {
  if (!viewer.userId || !isUuid(workspaceId) || viewer.workspaces[workspaceId] === undefined) throw new WeftError('workspace_not_found', 'No such workspace.');
  const admin = canAdminWorkspace(workspaceId, viewer);
  const rows = await db.select().from(folders).where(eq(folders.workspaceId, workspaceId)).orderBy(asc(folders.name));
  const ids = rows.map((r) => r.id);
  const listed = ids.length ? await db.select().from(folderMembers).where(inArray(folderMembers.folderId, ids)) : [];
  return rows
    .map((f) => ({ f, members: listed.filter((m) => m.folderId === f.id).map((m) => m.userId) }))
    .filter(({ f, members }) => admin || f.access === 'open' || members.includes(viewer.userId!))
    .map(({ f, members }) => ({ id: f.id, name: f.name, access: f.access, members, canEdit: admin || f.createdBy === viewer.userId }));
}

async function membersOnly(tx: DbOrTx, workspaceId: string, userIds: string[]): Promise<string[]> {
  const valid = [...new Set(userIds.filter(isUuid))];
  if (valid.length === 0) return [];
  const rows = await tx
    .select({ id: workspaceMembers.userId })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), inArray(workspaceMembers.userId, valid)));
  if (rows.length !== valid.length) throw new WeftError('validation_failed', 'Only members of the workspace can be listed on its folders.');
  return valid;
}

export async function createFolder(db: Db, viewer: Viewer, workspaceId: string, input: { name: string; access: FolderAccess; members?: string[] }, clock: Clock = systemClock) {
  if (!viewer.userId || !isUuid(workspaceId) || viewer.workspaces[workspaceId] === undefined) throw new WeftError('workspace_not_found', 'No such workspace.');
  if (!canRecord(workspaceId, viewer)) throw new WeftError('forbidden', 'Viewers of a workspace cannot make folders.');
  const userId = viewer.userId;
  return db.transaction(async (tx) => {
    await takeThrottled(tx, [{ key: `folders:${userId}`, limit: 60, windowMs: hour, code: 'too_many_changes', message: 'Too many folders made in the last hour.' }], clock);
    const [f] = await tx.insert(folders).values({ workspaceId, name: input.name, access: input.access, createdBy: userId }).returning();
    const members = input.access === 'members' ? await membersOnly(tx, workspaceId, [userId, ...(input.members ?? [])]) : [];
    if (members.length) await tx.insert(folderMembers).values(members.map((m) => ({ folderId: f!.id, userId: m })));
    return { id: f!.id, name: f!.name, access: f!.access, members, canEdit: true } satisfies FolderView;
  });
}

async function requireEditableFolder(db: DbOrTx, viewer: Viewer, folderId: string) {
  const [f] = isUuid(folderId) ? await db.select().from(folders).where(eq(folders.id, folderId)) : [];
  if (!f || !viewer.userId || viewer.workspaces[f.workspaceId] === undefined) throw new WeftError('not_found', 'No such folder.');
  if (!canAdminWorkspace(f.workspaceId, viewer) && f.createdBy !== viewer.userId) throw new WeftError('forbidden', 'Only the folder’s maker or a workspace admin may change it.');
  return f;
}

/** Renames a folder, changes its access or its list; a narrower folder ends the URLs its videos handed out. */
export async function updateFolder(db: Db, viewer: Viewer, folderId: string, patch: { name?: string; access?: FolderAccess; members?: string[] }) {
  const f = await requireEditableFolder(db, viewer, folderId);
  return db.transaction(async (tx) => {
    if (patch.name !== undefined || patch.access !== undefined) await tx.update(folders).set({ ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.access !== undefined ? { access: patch.access } : {}) }).where(eq(folders.id, f.id));
    if (patch.members !== undefined) {
      const members = await membersOnly(tx, f.workspaceId, patch.members);
      await tx.delete(folderMembers).where(eq(folderMembers.folderId, f.id));
      if (members.length) await tx.insert(folderMembers).values(members.map((m) => ({ folderId: f.id, userId: m })));
    }
    if (patch.access === 'members' || patch.members !== undefined) {
      await tx.update(videos).set({ accessEpoch: sql`${videos.accessEpoch} + 1` }).where(eq(videos.folderId, f.id));
    }
    const [row] = await tx.select().from(folders).where(eq(folders.id, f.id));
    const members = (await tx.select().from(folderMembers).where(eq(folderMembers.folderId, f.id))).map((m) => m.userId);
    return { id: row!.id, name: row!.name, access: row!.access, members, canEdit: true } satisfies FolderView;
  });
}

/** Deletes a folder; its videos stay in the workspace, in no folder. */
export async function deleteFolder(db: Db, viewer: Viewer, folderId: string): Promise<void> {
  const f = await requireEditableFolder(db, viewer, folderId);
  await db.delete(folders).where(eq(folders.id, f.id));
}

/** Files a video in a folder of its workspace (that the viewer can see), or takes it out (null). */
export async function moveToFolder(db: Db, viewer: Viewer, videoId: string, folderId: string | null) {
  const v = await requireManagedVideo(db, videoId, viewer);
  if (folderId !== null) {
    const visible = await listFolders(db, viewer, v.workspaceId).catch(() => [] as FolderView[]);
    if (!visible.some((f) => f.id === folderId)) throw new WeftError('not_found', 'No such folder in this video’s workspace.');
  }
  await db.transaction(async (tx) => {
    await tx.update(videos).set({ folderId, updatedAt: new Date() }).where(eq(videos.id, v.id));
    // a members-only folder narrows who can watch: the URLs handed out before stop
    await bumpAccessEpoch(tx, v.id);
  });
  return { folderId };
}
