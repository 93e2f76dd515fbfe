import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { revokeShareLink } from '@/lib/library/sharing';

export const dynamic = 'force-dynamic';

/** Revokes a share link, named by its token or its id. */
export const DELETE = route(async (req: Request, ctx: { params: Promise<{ id: string; token: string }> }) => {
  const user = await requireUser(req);
  const { id, token } = await ctx.params;
  await revokeShareLink((await deps()).db, id, viewerOf(user), token);
  return new Response(null, { status: 204 });
});
