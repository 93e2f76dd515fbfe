import { requireVideoAccess } from '@/lib/server/http/auth';
import { route } from '@/lib/server/http/respond';
import { videoEvents } from '@/lib/server/routes/event-streams';

export const dynamic = 'force-dynamic';

/**
 * Server-sent events: `video` with the video's JSON now and on every change (status, stage,
 * progress); `social` when a comment or reaction was added, edited or deleted (fetch them again);
 * `deleted`; `access_ended` when the caller may no longer watch (the stream then closes).
 */
export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const { video } = await requireVideoAccess(req, id);
  return videoEvents(req, video);
});
