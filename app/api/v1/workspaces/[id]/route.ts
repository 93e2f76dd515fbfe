import { workspacePatchBody } from '@/lib/shared/api/contract';
import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { getWorkspace, updateWorkspace, takeTeamChange } from '@/lib/library/teams';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const p = await requireUser(req);
  return json(await getWorkspace(deps().db, viewerOf(p), (await ctx.params).id));
});

export const PATCH = route(async (req: Request, ctx: Ctx) => {
  const p = await requireUser(req);
  await takeTeamChange(deps().db, p.userId, deps().clock);
  const patch = await readJson(req, workspacePatchBody);
  return json(await updateWorkspace(deps().db, viewerOf(p), (await ctx.params).id, patch));
});
