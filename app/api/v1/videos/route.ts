import { listVideosQuery } from '@/lib/shared/api/contract';
import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { baseUrlOf, json, route } from '@/lib/server/http/respond';
import { videoViewFor } from '@/lib/server/http/video-view';
import { deps } from '@/lib/server/deps';
import { listLibrary } from '@/lib/library/listing';
import { WeftError } from '@/lib/platform/errors';

export const dynamic = 'force-dynamic';

/** A shelf of the library (mine by default), newest first, optionally matching words. */
export const GET = route(async (req: Request) => {
  const user = await requireUser(req);
  const parsed = listVideosQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw new WeftError('validation_failed', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const q = parsed.data;
  const { db } = deps();
  const base = baseUrlOf(req);
  const rows = await listLibrary(db, viewerOf(user), { scope: q.scope ?? 'mine', workspaceId: q.workspaceId ?? user.currentWorkspaceId, folderId: q.folderId, q: q.q });
  return json({ videos: await Promise.all(rows.map((r) => videoViewFor(r.video, base, r.canManage))) });
});
