import { baseUrlOf, json, route } from '@/lib/http/respond';
import { runtime } from '@/lib/runtime';
import { requireVideo } from '@/lib/videos/repo';
import { deleteVideo } from '@/lib/videos/service';
import { toVideoView } from '@/lib/videos/view';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const { id } = await ctx.params;
  const { db } = await runtime();
  return json(toVideoView(await requireVideo(db, id), baseUrlOf(req)));
});

export const DELETE = route(async (_req: Request, ctx: Ctx) => {
  const { id } = await ctx.params;
  const { db } = await runtime();
  await deleteVideo(db, id);
  return new Response(null, { status: 204 });
});
