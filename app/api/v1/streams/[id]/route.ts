import { config } from '@/lib/config';
import { requireVideoAccess } from '@/lib/http/auth';
import { json, route } from '@/lib/http/respond';
import { runtime } from '@/lib/runtime';
import { getStream } from '@/lib/streaming/service';

export const dynamic = 'force-dynamic';

/** Access check (owner, visibility, password, share token), then signed HLS URLs. */
export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const { video, manager } = await requireVideoAccess(req, id);
  const { db, signingKey } = await runtime();
  return json(await getStream(db, video, { key: signingKey, ttlSeconds: config().WEFT_MEDIA_URL_TTL_SECONDS }, { canManage: manager }));
});
