import { controlBody } from '@/lib/shared/api/contract';
import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { controlRecording } from '@/lib/record/session/service';
import { WeftError } from '@/lib/platform/errors';
import { deps } from '@/lib/server/deps';
import { isUuid } from '@/lib/shared/ids';

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
