import { reactionBody } from '@/lib/api/contract';
import { json, readJson, route } from '@/lib/http/respond';
import { socialContext } from '@/lib/http/social';
import { runtime } from '@/lib/runtime';
import { addReaction, reactionSummary } from '@/lib/social/service';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** Reactions by emoji and second. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const { video } = await socialContext(req, (await ctx.params).id);
  return json({ reactions: await reactionSummary((await runtime()).db, video.id) });
});

/** `{emoji, atSec}` → 201 `{emoji, atSec, count}`. */
export const POST = route(async (req: Request, ctx: Ctx) => {
  const { video, who } = await socialContext(req, (await ctx.params).id);
  const input = await readJson(req, reactionBody);
  return json(await addReaction((await runtime()).db, video, who, input), 201);
});
