import { requireUser } from '@/lib/server/http/auth';
import { route } from '@/lib/server/http/respond';
import { libraryEvents } from '@/lib/server/routes/event-streams';

export const dynamic = 'force-dynamic';

/** Server-sent events for the library: `video` for each of the caller's listed videos (`?ids=a,b`) as it changes; `access_ended` when signed out. */
export const GET = route(async (req: Request) => {
  const user = await requireUser(req);
  const asked = (new URL(req.url).searchParams.get('ids') ?? '').split(',').filter(Boolean).slice(0, 100);
  return libraryEvents(req, user, asked);
});
