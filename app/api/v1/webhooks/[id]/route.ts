import { requireUser } from '@/lib/http/auth';
import { route } from '@/lib/http/respond';
import { deleteWebhook } from '@/lib/notify/webhooks';
import { deps } from '@/lib/deps';

export const dynamic = 'force-dynamic';

export const DELETE = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  const { id } = await ctx.params;
  await deleteWebhook((await deps()).db, user.userId, id);
  return new Response(null, { status: 204 });
});
