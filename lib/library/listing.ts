import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../platform/db/client';
import { WeftError } from '../platform/errors';
import { canManage, visibleVideosWhere, type Viewer } from '../videos/policy';
import type { VideoRow } from '../videos/repo';
import { videos } from '../platform/db/schema';
import { listFolders } from './people-folders';
import { isUuid } from '../shared/ids';

export type LibraryScope = 'mine' | 'shared' | 'workspace' | 'folder';

export interface LibraryQuery {
  scope: LibraryScope;
  /** The workspace of `mine`, `workspace` (default: the viewer's current one). */
  workspaceId: string | null;
  folderId?: string;
  /** Words of the title, transcript, summary or comments (websearch syntax). */
  q?: string;
  limit?: number;
}

/** The SQL condition (on `v`, the videos table) of one shelf; a shelf the viewer cannot see is refused. */
export async function shelfWhere(db: DbOrTx, viewer: Viewer, query: Pick<LibraryQuery, 'scope' | 'workspaceId' | 'folderId'>): Promise<SQL> {
  if (!viewer.userId) throw new WeftError('unauthorized', 'Log in first.');
  const me = sql`${viewer.userId}::uuid`;
  const ws = query.workspaceId;
  const inWorkspace = (): SQL => {
    if (!ws || !isUuid(ws) || viewer.workspaces[ws] === undefined) throw new WeftError('workspace_not_found', 'No such workspace.');
    return sql`v.workspace_id = ${ws}::uuid`;
  };
  if (query.scope === 'mine') return sql`v.owner_id = ${me} and ${inWorkspace()}`;
  if (query.scope === 'shared') return sql`exists (select 1 from video_people vp where vp.video_id = v.id and vp.user_id = ${me}) and (v.owner_id is null or v.owner_id <> ${me})`;
  if (query.scope === 'workspace') return inWorkspace();
  if (!query.folderId || !isUuid(query.folderId)) throw new WeftError('validation_failed', 'folderId: required for the folder shelf (a folder id).');
  const [folder] = await queryRows<{ workspace_id: string }>(db, sql`select workspace_id::text from folders where id = ${query.folderId}::uuid`);
  const visible = folder && viewer.workspaces[folder.workspace_id] !== undefined ? await listFolders(db, viewer, folder.workspace_id) : [];
  if (!visible.some((f) => f.id === query.folderId)) throw new WeftError('not_found', 'No such folder.');
  return sql`v.folder_id = ${query.folderId}::uuid`;
}

/**
 * The library's shelves: *My videos* (mine in the workspace), *Shared with me* (shared with me by
 * name, anywhere), the workspace (every video in it I can find) and each folder — every shelf
 * through the policy's `visibleVideosWhere`, so a shelf never lists what its viewer may not find.
 * Each answers with `canManage` per video (the policy's, for the cards' rename and delete).
 */
export async function listLibrary(db: DbOrTx, viewer: Viewer, query: LibraryQuery): Promise<Array<{ video: VideoRow; canManage: boolean }>> {
  const shelf = await shelfWhere(db, viewer, query);
  const words = query.q?.trim();
  const match = words
    ? sql`and exists (select 1 from search_documents d where d.video_id = v.id and d.tsv @@ websearch_to_tsquery('english', ${words}))`
    : sql``;
  const ids = await queryRows<{ id: string }>(
    db,
    sql`select v.id::text as id from videos v
        where v.deleted_at is null and ${shelf} and ${visibleVideosWhere(viewer)} ${match}
        order by v.created_at desc limit ${Math.max(1, Math.min(500, query.limit ?? 200))}`,
  );
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(videos)
    .where(sql`${videos.id} in (${sql.join(
      ids.map((r) => sql`${r.id}::uuid`),
      sql`, `,
    )})`);
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  return ids
    .map((r) => byId.get(r.id))
    .filter((v): v is VideoRow => v !== undefined)
    .map((video) => ({ video, canManage: canManage(video, viewer) }));
}
