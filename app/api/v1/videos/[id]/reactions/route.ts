import { reactionBody } from '@/lib/shared/api/contract';
import { json, readJson, route } from '@/lib/server/http/respond';
import { socialContext } from '@/lib/server/http/social';
import { deps } from '@/lib/server/deps';
import { addReaction, reactionSummary } from '@/lib/watch/social';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** Reactions by emoji and second. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const { video } = await socialContext(req, (await ctx.params).id);
  return json({ reactions: await reactionSummary((await deps()).db, video.id, video.outputCuts) });
});

/** `{emoji, atSec}` → 201 `{emoji, atSec, count}`. */
export const POST = route(async (req: Request, ctx: Ctx) => {
  const { video, who } = await socialContext(req, (await ctx.params).id);
  const input = await readJson(req, reactionBody);
  const { db, clock } = deps();
  return json(await addReaction(db, video, who, input, clock), 201);
});
