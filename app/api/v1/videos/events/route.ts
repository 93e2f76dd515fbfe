import { requireUser, viewerOf } from '@/lib/http/auth';
import { baseUrlOf, route } from '@/lib/http/respond';
import { sseResponse } from '@/lib/http/sse';
import { videoViewFor } from '@/lib/http/video-view';
import { runtime } from '@/lib/runtime';
import { manageableVideoIds } from '@/lib/videos/repo';

export const dynamic = 'force-dynamic';

/** Server-sent events for the library: `video` for each of the caller's listed videos (`?ids=a,b`) as it changes. */
export const GET = route(async (req: Request) => {
  const user = await requireUser(req);
  const { db, videoFeed } = await runtime();
  const asked = (new URL(req.url).searchParams.get('ids') ?? '').split(',').filter(Boolean).slice(0, 100);
  const ids = await manageableVideoIds(db, asked, viewerOf(user));
  const base = baseUrlOf(req);
  return sseResponse(req.signal, (send) => {
    if (ids.length === 0) return () => undefined;
    return videoFeed.subscribe(ids, (row) => {
      if (row.deletedAt) return send('deleted', { id: row.id });
      void videoViewFor(row, base, true).then((view) => send('video', view));
    });
  });
});
