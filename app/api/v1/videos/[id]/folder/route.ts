import { moveVideoBody } from '@/lib/shared/api/contract';
import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { takeTeamChange } from '@/lib/library/teams';
import { moveToFolder } from '@/lib/library/people-folders';

export const dynamic = 'force-dynamic';

export const PUT = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const p = await requireUser(req);
  await takeTeamChange(deps().db, p.userId, deps().clock);
  const { folderId } = await readJson(req, moveVideoBody);
  return json(await moveToFolder(deps().db, viewerOf(p), (await ctx.params).id, folderId));
});
