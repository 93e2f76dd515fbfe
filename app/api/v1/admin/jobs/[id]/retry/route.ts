import { requireUser } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';
import { assertAdmin, retryJobAsAdmin } from '@/lib/platform/queue/admin';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

/** Runs a job that failed for good again (administrators). */
export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  assertAdmin(await requireUser(req));
  const { id } = await ctx.params;
  return json(await retryJobAsAdmin((await deps()).db, id), 202);
});
