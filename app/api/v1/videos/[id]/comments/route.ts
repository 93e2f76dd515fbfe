import { commentBody } from '@/lib/api/contract';
import { json, readJson, route } from '@/lib/http/respond';
import { socialContext } from '@/lib/http/social';
import { runtime } from '@/lib/runtime';
import { createComment, listComments } from '@/lib/social/service';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** The comments, oldest first; same access as the video. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const { video, who } = await socialContext(req, (await ctx.params).id);
  return json({ comments: await listComments((await runtime()).db, video.id, who) });
});

/** `{text, atSec, parentId?, name?}` → 201 the comment. */
export const POST = route(async (req: Request, ctx: Ctx) => {
  const { video, who } = await socialContext(req, (await ctx.params).id);
  const input = await readJson(req, commentBody);
  return json(await createComment((await runtime()).db, video, who, input), 201);
});
