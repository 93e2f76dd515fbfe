import { config } from '@/lib/config';
import { requireVideoAccess } from '@/lib/http/auth';
import { json, route } from '@/lib/http/respond';
import { runtime } from '@/lib/runtime';
import { findStreamVideo, getStream } from '@/lib/streaming/service';
import { requestFacts } from '@/lib/analytics/service';
import { mediaBasesFor } from '@/lib/streaming/cdn-runtime';

export const dynamic = 'force-dynamic';

/** Access check (owner, visibility, password, share token), then signed HLS URLs. */
export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  // the video, its renditions and captions come in the access check's one query
  const { video, manager, principal } = await requireVideoAccess(req, id, findStreamVideo);
  const { db, signingKey } = await runtime();
  const surface = new URL(req.url).searchParams.get('surface') === 'embed' ? 'embed' : 'page';
  // the stream API records the playback's `stream_start` (who, where, which browser)
  const playback = { userId: principal?.userId ?? null, surface, facts: requestFacts(req.headers) } as const;
  return json(await getStream(db, video, { key: signingKey, ttlSeconds: config().WEFT_MEDIA_URL_TTL_SECONDS }, { canManage: manager, playback, bases: mediaBasesFor(req.headers) }));
});
