import { requireUser, requireVideoAccess, viewerOf } from '@/lib/server/http/auth';
import { baseUrlOf, json, readJson, route } from '@/lib/server/http/respond';
import { videoViewFor } from '@/lib/server/http/video-view';
import { deps } from '@/lib/server/deps';
import { deleteVideo } from '@/lib/library/delete';
import { updateVideo, videoPatchSchema } from '@/lib/library/sharing';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const { id } = await ctx.params;
  const { video, manager } = await requireVideoAccess(req, id);
  return json(await videoViewFor(video, baseUrlOf(req), manager));
});

export const PATCH = route(async (req: Request, ctx: Ctx) => {
  const user = await requireUser(req);
  const { id } = await ctx.params;
  const patch = await readJson(req, videoPatchSchema);
  const video = await updateVideo((await deps()).db, id, viewerOf(user), patch);
  return json(await videoViewFor(video, baseUrlOf(req), true));
});

export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const user = await requireUser(req);
  const { id } = await ctx.params;
  const { db, config, clock } = deps();
  await deleteVideo(db, id, viewerOf(user), { undoSeconds: config.WEFT_DELETE_UNDO_SECONDS, clock });
  return new Response(null, { status: 204 });
});
