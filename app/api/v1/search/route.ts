import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { searchVideos } from '@/lib/library/search';
import { shelfWhere, type LibraryScope } from '@/lib/library/listing';
import { API } from '@/lib/shared/api/contract';
import { WeftError } from '@/lib/platform/errors';

export const dynamic = 'force-dynamic';

/** Full-text search over what you can find (your videos, your workspaces', shared with you, public ones), or inside one shelf of the library. */
export const GET = route(async (req: Request) => {
  const user = await requireUser(req);
  const parsed = API.search.query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw new WeftError('validation_failed', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const q = parsed.data;
  const { db } = deps();
  const viewer = viewerOf(user);
  const within = q.scope ? await shelfWhere(db, viewer, { scope: q.scope as LibraryScope, workspaceId: q.workspaceId ?? user.currentWorkspaceId, folderId: q.folderId }) : undefined;
  const results = await searchVideos(db, viewer, q.q, q.limit ?? 20, within);
  return json({ results });
});
