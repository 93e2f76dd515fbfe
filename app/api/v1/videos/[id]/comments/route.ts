import { commentBody, commentPageQuery } from '@/lib/shared/api/contract';
import { WeftError } from '@/lib/platform/errors';
import { json, readJson, route } from '@/lib/server/http/respond';
import { socialContext } from '@/lib/server/http/social';
import { deps } from '@/lib/server/deps';
import { createComment, listComments } from '@/lib/watch/social';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** The comments, oldest first, a page at a time (`?cursor=&limit=`); same access as the video. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const { video, who } = await socialContext(req, (await ctx.params).id);
  const q = commentPageQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!q.success) throw new WeftError('validation_failed', `Invalid ${q.error.issues[0]?.path.join('.') || 'query'}: ${q.error.issues[0]?.message ?? 'invalid'}.`);
  return json(await listComments((await deps()).db, video.id, who, { cursor: q.data.cursor, limit: q.data.limit, cuts: video.outputCuts }));
});

/** `{text, atSec, parentId?, name?}` → 201 the comment. */
export const POST = route(async (req: Request, ctx: Ctx) => {
  const { video, who } = await socialContext(req, (await ctx.params).id);
  const input = await readJson(req, commentBody);
  const { db, config, clock } = deps();
  return json(await createComment(db, video, who, input, config.WEFT_COMMENT_DIGEST_SECONDS, clock), 201);
});
