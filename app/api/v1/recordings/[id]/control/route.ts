import { controlBody } from '@/lib/api/contract';
import { requireUser, viewerOf } from '@/lib/http/auth';
import { json, readJson, route } from '@/lib/http/respond';
import { controlRecording } from '@/lib/recording/service';
import { WeftError } from '@/lib/errors';
import { deps } from '@/lib/deps';
import { isUuid } from '@/lib/ids';

export const dynamic = 'force-dynamic';

const body = controlBody;

export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  const { id } = await ctx.params;
  const { action } = await readJson(req, body);
  if (!isUuid(id)) throw new WeftError('session_not_found', 'No recording session with this id.');
  const { db } = await deps();
  const res = await controlRecording(db, viewerOf(user), id, action);
  return json({ sessionId: res.sessionId, status: res.status });
});
