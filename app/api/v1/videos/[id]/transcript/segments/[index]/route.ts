import { segmentBody } from '@/lib/shared/api/contract';
import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { editSegment } from '@/lib/process/transcripts/service';
import { transcriptView } from '@/lib/process/transcripts/view';
import { findAnalysis } from '@/lib/process/analysis/service';
import { publishCaptionRenditions } from '@/lib/process/captions/hls';

export const dynamic = 'force-dynamic';

const body = segmentBody;

/** The owner corrects one segment's text; captions and search follow. */
export const PATCH = route(async (req: Request, ctx: { params: Promise<{ id: string; index: string }> }) => {
  const user = await requireUser(req);
  const { id, index } = await ctx.params;
  const { text } = await readJson(req, body);
  const i = Number(index);
  if (!Number.isInteger(i) || i < 0) return json({ error: { code: 'validation_failed', message: 'index must be a segment number' } }, 400);
  const { db, storage } = deps();
  const row = await editSegment(db, id, i, text, viewerOf(user), Boolean(deps().config.WEFT_LLM_URL));
  // the captions in the master playlist say the corrected words too
  await publishCaptionRenditions(db, storage, row.videoId);
  // only a manager gets here: editSegment refuses everyone else
  return json(transcriptView(row, await findAnalysis(db, row.videoId), { canManage: true }));
});
