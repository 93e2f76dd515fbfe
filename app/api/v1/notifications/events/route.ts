import { requireUser } from '@/lib/http/auth';
import { route } from '@/lib/http/respond';
import { inboxEvents } from '@/lib/live/event-streams';

export const dynamic = 'force-dynamic';

/** Server-sent events: `inbox` ({unread, items}) now and whenever it changes; `access_ended` when signed out. */
export const GET = route(async (req: Request) => inboxEvents(req, await requireUser(req)));
