import { requireUser } from '@/lib/server/http/auth';
import { route } from '@/lib/server/http/respond';
import { deleteWebhook } from '@/lib/process/notify/webhooks';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

export const DELETE = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  const { id } = await ctx.params;
  await deleteWebhook((await deps()).db, user.userId, id);
  return new Response(null, { status: 204 });
});
