import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { baseUrlOf, json, route } from '@/lib/server/http/respond';
import { videoViewFor } from '@/lib/server/http/video-view';
import { deps } from '@/lib/server/deps';
import { restoreVideo } from '@/lib/library/delete';

export const dynamic = 'force-dynamic';

/** Undo of a delete (the policy's manager of the video; throttled with deletes per account). */
export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  const { id } = await ctx.params;
  const { db, clock } = deps();
  const video = await restoreVideo(db, id, viewerOf(user), clock);
  return json(await videoViewFor(video, baseUrlOf(req), true));
});
