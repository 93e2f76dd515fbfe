import { getInsights } from '@/lib/watch/analytics/insights';
import { WeftError } from '@/lib/platform/errors';
import { requireVideoAccess, viewerOf } from '@/lib/server/http/auth';
import { canSeeViewerEmails } from '@/lib/videos/policy';
import { json, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

/** Views, viewers, watch time, retention, renditions, rebuffering, referrers: the owner's (and admins') view. */
export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { video, manager, principal } = await requireVideoAccess(req, (await ctx.params).id);
  if (!manager) throw new WeftError('forbidden', 'Only the owner sees who watched.');
  return json(await getInsights((await deps()).db, video.id, video.durationMs, { viewerEmails: canSeeViewerEmails(viewerOf(principal)) }));
});
