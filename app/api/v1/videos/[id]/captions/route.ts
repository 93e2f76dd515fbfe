import { captionRequestBody } from '@/lib/shared/api/contract';
import { requireUser, requireVideoAccess, viewerOf } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { captionView, listCaptionTracks, requestCaptionTrack } from '@/lib/process/captions/service';

export const dynamic = 'force-dynamic';

/** The video's caption tracks in other languages: finished ones for anyone who may watch, all (with their state) for its managers. */
export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const { video, manager } = await requireVideoAccess(req, id);
  const rows = await listCaptionTracks(deps().db, video.id);
  const shown = manager ? rows : rows.filter((r) => r.status === 'done' && r.outputVersion === video.outputVersion);
  return json({ captions: shown.map((r) => captionView(video.id, r)) });
});

/** Owners: captions in another language (202: a job translates the transcript). */
export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const user = await requireUser(req);
  const { lang } = await readJson(req, captionRequestBody);
  const { db, config, clock } = deps();
  const row = await requestCaptionTrack(db, id, viewerOf(user), lang, { llm: Boolean(config.WEFT_LLM_URL), whisper: config.WEFT_TRANSCRIBE === 'on' }, clock);
  return json(captionView(row.videoId, row), 202);
});
