import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { joinByDomain, takeTeamChange } from '@/lib/library/teams';

export const dynamic = 'force-dynamic';

export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const p = await requireUser(req);
  await takeTeamChange(deps().db, p.userId, deps().clock);
  return json(await joinByDomain(deps().db, viewerOf(p), (await ctx.params).id));
});
