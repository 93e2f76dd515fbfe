import { requireUser } from '@/lib/http/auth';
import { json, route } from '@/lib/http/respond';
import { inboxOf } from '@/lib/notify/inbox';
import { deps } from '@/lib/deps';

export const dynamic = 'force-dynamic';

/** `{unread, items}`: your notifications, newest first. */
export const GET = route(async (req: Request) => {
  const user = await requireUser(req);
  return json(await inboxOf((await deps()).db, user.userId));
});
