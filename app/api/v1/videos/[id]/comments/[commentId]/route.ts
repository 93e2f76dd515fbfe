import { commentEditBody } from '@/lib/shared/api/contract';
import { json, readJson, route } from '@/lib/server/http/respond';
import { socialContext } from '@/lib/server/http/social';
import { deps } from '@/lib/server/deps';
import { deleteComment, editComment } from '@/lib/watch/social';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string; commentId: string }> };

/** Its author edits a comment. */
export const PATCH = route(async (req: Request, ctx: Ctx) => {
  const { id, commentId } = await ctx.params;
  const { video, who } = await socialContext(req, id);
  const { text } = await readJson(req, commentEditBody);
  return json(await editComment((await deps()).db, video, who, commentId, text));
});

/** Its author, or the video's owner, deletes a comment (and its replies). */
export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const { id, commentId } = await ctx.params;
  const { video, who } = await socialContext(req, id);
  await deleteComment((await deps()).db, video, who, commentId);
  return new Response(null, { status: 204 });
});
