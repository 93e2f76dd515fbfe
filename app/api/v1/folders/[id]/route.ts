import { folderPatchBody } from '@/lib/shared/api/contract';
import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { takeTeamChange } from '@/lib/library/teams';
import { deleteFolder, updateFolder } from '@/lib/library/people-folders';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const PATCH = route(async (req: Request, ctx: Ctx) => {
  const p = await requireUser(req);
  await takeTeamChange(deps().db, p.userId, deps().clock);
  const patch = await readJson(req, folderPatchBody);
  return json(await updateFolder(deps().db, viewerOf(p), (await ctx.params).id, patch));
});

export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const p = await requireUser(req);
  await takeTeamChange(deps().db, p.userId, deps().clock);
  await deleteFolder(deps().db, viewerOf(p), (await ctx.params).id);
  return new Response(null, { status: 204 });
});
