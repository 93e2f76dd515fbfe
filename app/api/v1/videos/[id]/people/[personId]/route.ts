import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { takeTeamChange } from '@/lib/library/teams';
import { removePerson } from '@/lib/library/people-folders';

export const dynamic = 'force-dynamic';

export const DELETE = route(async (req: Request, ctx: { params: Promise<{ id: string; personId: string }> }) => {
  const p = await requireUser(req);
  await takeTeamChange(deps().db, p.userId, deps().clock);
  const { id, personId } = await ctx.params;
  await removePerson(deps().db, viewerOf(p), id, personId);
  return new Response(null, { status: 204 });
});
