import { requireUser } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';
import { assertAdmin, jobsView } from '@/lib/platform/queue/admin';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

/** The job queue per kind and state, and the latest failures (administrators). */
export const GET = route(async (req: Request) => {
  assertAdmin(await requireUser(req));
  return json(await jobsView((await deps()).db));
});
