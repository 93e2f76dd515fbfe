import { requireUser, viewerOf } from '@/lib/http/auth';
import { baseUrlOf, json, route } from '@/lib/http/respond';
import { videoViewFor } from '@/lib/http/video-view';
import { deps } from '@/lib/deps';
import { restoreVideo } from '@/lib/videos/service';

export const dynamic = 'force-dynamic';

/** Undo of a delete (the policy's manager of the video; throttled with deletes per account). */
export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  const { id } = await ctx.params;
  const video = await restoreVideo((await deps()).db, id, viewerOf(user));
  return json(await videoViewFor(video, baseUrlOf(req), true));
});
