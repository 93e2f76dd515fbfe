import { requireUser } from '@/lib/server/http/auth';
import { route } from '@/lib/server/http/respond';
import { inboxEvents } from '@/lib/server/routes/event-streams';

export const dynamic = 'force-dynamic';

/** Server-sent events: `inbox` ({unread, items}) now and whenever it changes; `access_ended` when signed out. */
export const GET = route(async (req: Request) => inboxEvents(req, await requireUser(req)));
