import { memberPatchBody } from '@/lib/shared/api/contract';
import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { removeMember, setMemberRole, takeTeamChange } from '@/lib/library/teams';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string; userId: string }> };

export const PATCH = route(async (req: Request, ctx: Ctx) => {
  const p = await requireUser(req);
  await takeTeamChange(deps().db, p.userId, deps().clock);
  const { role } = await readJson(req, memberPatchBody);
  const { id, userId } = await ctx.params;
  return json(await setMemberRole(deps().db, viewerOf(p), id, userId, role));
});

export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const p = await requireUser(req);
  await takeTeamChange(deps().db, p.userId, deps().clock);
  const { id, userId } = await ctx.params;
  await removeMember(deps().db, viewerOf(p), id, userId);
  return new Response(null, { status: 204 });
});
