import { playbackBatchBody } from '@/lib/api/contract';
import { recordPlaybackBatch, requestFacts } from '@/lib/analytics/service';
import { requireVideoAccess } from '@/lib/http/auth';
import { json, readJson, route } from '@/lib/http/respond';
import { runtime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** A batch of playback events from a player (`playback` token, `seq`, `events`); 202 `{accepted}`. */
export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const batch = await readJson(req, playbackBatchBody);
  const { db, signingKey } = await runtime();
  // the playback token is the proof of access; without a valid one, the caller's own access answers
  return json(await recordPlaybackBatch(db, signingKey, id, batch, requestFacts(req.headers), () => requireVideoAccess(req, id)), 202);
});
