import { accountPatchBody } from '@/lib/shared/api/contract';
import { requireUser } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { takeTeamChange } from '@/lib/library/teams';
import { setAccountDisabled } from '@/lib/platform/accounts/lifecycle';
import { WeftError } from '@/lib/platform/errors';
import { isUuid } from '@/lib/shared/ids';

export const dynamic = 'force-dynamic';

export const PATCH = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const p = await requireUser(req);
  await takeTeamChange(deps().db, p.userId, deps().clock);
  const { disabled } = await readJson(req, accountPatchBody);
  const { id } = await ctx.params;
  if (!isUuid(id)) throw new WeftError('not_found', 'No such account.');
  return json(await setAccountDisabled(deps().db, { userId: p.userId, role: p.role }, id, disabled));
});
