import { revokeApiToken } from '@/lib/platform/accounts/service';
import { WeftError } from '@/lib/platform/errors';
import { requireUser } from '@/lib/server/http/auth';
import { route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { isUuid } from '@/lib/shared/ids';

export const dynamic = 'force-dynamic';

export const DELETE = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const p = await requireUser(req);
  const { id } = await ctx.params;
  if (!isUuid(id)) throw new WeftError('not_found', 'No such active token.');
  await revokeApiToken((await deps()).db, p.userId, id);
  return new Response(null, { status: 204 });
});
