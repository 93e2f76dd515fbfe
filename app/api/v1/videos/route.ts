import { requireUser } from '@/lib/server/http/auth';
import { baseUrlOf, json, route } from '@/lib/server/http/respond';
import { videoViewFor } from '@/lib/server/http/video-view';
import { deps } from '@/lib/server/deps';
import { listVideosOf } from '@/lib/videos/repo';

export const dynamic = 'force-dynamic';

/** My videos, newest first. */
export const GET = route(async (req: Request) => {
  const user = await requireUser(req);
  const { db } = await deps();
  const base = baseUrlOf(req);
  const rows = await listVideosOf(db, user.userId);
  return json({ videos: await Promise.all(rows.map((v) => videoViewFor(v, base, true))) });
});
