import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { deleteCaptionTrack } from '@/lib/process/captions/service';
import { publishCaptionRenditions } from '@/lib/process/captions/hls';

export const dynamic = 'force-dynamic';

/** Owners: remove the captions in one language (from the players and the master playlist). */
export const DELETE = route(async (req: Request, ctx: { params: Promise<{ id: string; lang: string }> }) => {
  const { id, lang } = await ctx.params;
  const user = await requireUser(req);
  const { db, storage } = deps();
  const videoId = await deleteCaptionTrack(db, id, viewerOf(user), lang);
  await publishCaptionRenditions(db, storage, videoId);
  return new Response(null, { status: 204 });
});
