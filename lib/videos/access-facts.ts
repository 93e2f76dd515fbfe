import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client';
import { folderMembers, folders, videoPeople } from '../platform/db/schema';
import { canManage, NO_PERSONAL_FACTS, type VideoAccessFacts, type Viewer, type ViewerVideoFacts } from './policy';
import type { VideoRow } from './repo';

/**
 * What the policy needs to know about one video and one viewer: the video's own facts (its folder's
 * access) and the viewer's ties to it (named on it, listed on its folder). Nothing is asked of the
 * database that the decision cannot use: a manager, or an anonymous viewer, needs no personal facts.
 */
export async function accessFactsOf(db: DbOrTx, video: VideoRow, viewer: Viewer): Promise<{ video: VideoAccessFacts; personal: ViewerVideoFacts }> {
  let folderAccess: VideoAccessFacts['folderAccess'] = null;
  let folderListed = false;
  if (video.folderId) {
    const [f] = await db.select({ access: folders.access }).from(folders).where(eq(folders.id, video.folderId));
    folderAccess = f?.access ?? null;
    if (folderAccess === 'members' && viewer.userId) {
      const [m] = await db
        .select({ id: folderMembers.userId })
        .from(folderMembers)
        .where(and(eq(folderMembers.folderId, video.folderId), eq(folderMembers.userId, viewer.userId)));
      folderListed = m !== undefined;
    }
  }
  const facts: VideoAccessFacts = { ownerId: video.ownerId, workspaceId: video.workspaceId, visibility: video.visibility, hasPassword: video.passwordHash !== null, folderAccess };
  if (!viewer.userId || canManage(facts, viewer)) return { video: facts, personal: { ...NO_PERSONAL_FACTS, folderListed } };
  const [named] = await db
    .select({ id: videoPeople.id })
    .from(videoPeople)
    .where(and(eq(videoPeople.videoId, video.id), eq(videoPeople.userId, viewer.userId)));
  return { video: facts, personal: { named: named !== undefined, folderListed } };
}
