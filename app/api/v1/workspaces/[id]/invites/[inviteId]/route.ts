import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { revokeInvite, takeTeamChange } from '@/lib/library/teams';

export const dynamic = 'force-dynamic';

export const DELETE = route(async (req: Request, ctx: { params: Promise<{ id: string; inviteId: string }> }) => {
  const p = await requireUser(req);
  await takeTeamChange(deps().db, p.userId, deps().clock);
  const { id, inviteId } = await ctx.params;
  await revokeInvite(deps().db, viewerOf(p), id, inviteId);
  return new Response(null, { status: 204 });
});
