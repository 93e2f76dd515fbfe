import { requireUser } from '@/lib/http/auth';
import { route } from '@/lib/http/respond';
import { sseResponse } from '@/lib/http/sse';
import { inboxOf } from '@/lib/notify/inbox';
import { runtime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** Server-sent events: `inbox` ({unread, items}) now and whenever it changes. */
export const GET = route(async (req: Request) => {
  const user = await requireUser(req);
  const { db } = await runtime();
  return sseResponse(req.signal, (send) => {
    let last = '';
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        const inbox = await inboxOf(db, user.userId, 10);
        const key = `${inbox.unread}:${inbox.items[0]?.id ?? ''}`;
        if (key !== last) {
          last = key;
          send('inbox', inbox);
        }
      } finally {
        busy = false;
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), 1000);
    return () => clearInterval(timer);
  });
});
