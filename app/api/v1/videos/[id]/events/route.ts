import { requireVideoAccess } from '@/lib/http/auth';
import { baseUrlOf, route } from '@/lib/http/respond';
import { sseResponse } from '@/lib/http/sse';
import { videoViewFor } from '@/lib/http/video-view';
import { runtime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/**
 * Server-sent events: `video` with the video's JSON now and on every change (status, stage,
 * progress); `social` when a comment or reaction was added, edited or deleted (fetch them again).
 */
export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const { manager, video } = await requireVideoAccess(req, id);
  const { videoFeed } = await runtime();
  const base = baseUrlOf(req);
  let social = video.socialAt?.getTime() ?? 0;
  return sseResponse(req.signal, (send) =>
    videoFeed.subscribe([video.id], (row) => {
      if (row.deletedAt) return send('deleted', { id });
      const at = row.socialAt?.getTime() ?? 0;
      if (at !== social) {
        social = at;
        send('social', { at: row.socialAt?.toISOString() ?? null });
      }
      void videoViewFor(row, base, manager).then((view) => send('video', view));
    }),
  );
});
