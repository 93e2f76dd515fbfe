import { requireUser } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';
import { listDeliveries } from '@/lib/process/notify/webhooks';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

/** The delivery log: each message, its attempts, last status code and error. */
export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  const { id } = await ctx.params;
  return json({ deliveries: await listDeliveries((await deps()).db, user.userId, id) });
});
