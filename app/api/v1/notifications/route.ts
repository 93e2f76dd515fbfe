import { requireUser } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';
import { inboxOf } from '@/lib/process/notify/inbox';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

/** `{unread, items}`: your notifications, newest first. */
export const GET = route(async (req: Request) => {
  const user = await requireUser(req);
  return json(await inboxOf((await deps()).db, user.userId));
});
