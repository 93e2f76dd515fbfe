import { requireUser } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';
import { inboxOf, markAllRead } from '@/lib/process/notify/inbox';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

/** Marks all your notifications read. */
export const POST = route(async (req: Request) => {
  const user = await requireUser(req);
  const { db } = await deps();
  await markAllRead(db, user.userId);
  return json(await inboxOf(db, user.userId));
});
