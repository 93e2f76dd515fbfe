import { requireVideoAccess } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { transcriptResponse } from '@/lib/process/transcripts/view';

export const dynamic = 'force-dynamic';

/** The transcript as JSON, or `?format=vtt|srt|txt` (captions track and downloads); same access as the video. */
export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const { video, manager } = await requireVideoAccess(req, id);
  const url = new URL(req.url);
  const format = url.searchParams.get('format') ?? 'json';
  const lang = url.searchParams.get('lang');
  if (lang !== null && !/^[a-z]{2,3}$/.test(lang)) return json({ error: { code: 'validation_failed', message: 'lang must be a language code such as "de"' } }, 400);
  const res = await transcriptResponse((await deps()).db, video, format, { canManage: manager, lang });
  return res ?? json({ error: { code: 'validation_failed', message: 'format must be json, vtt, srt or txt' } }, 400);
});
