import { newRecordingBody } from '@/lib/shared/api/contract';
import { requireUser } from '@/lib/server/http/auth';
import { baseUrlOf, json, readJson, route } from '@/lib/server/http/respond';
import { createRecording } from '@/lib/record/session/service';
import { deps } from '@/lib/server/deps';
import { UPLOADS_PATH } from '@/lib/record/uploads/tus';
import { shareUrl } from '@/lib/videos/view';

export const dynamic = 'force-dynamic';

const body = newRecordingBody;

export const POST = route(async (req: Request) => {
  const user = await requireUser(req);
  const input = await readJson(req, body, { optional: true });
  const { db } = await deps();
  const rec = await createRecording(db, user.userId, input);
  return json(
    {
      sessionId: rec.sessionId,
      videoId: rec.videoId,
      status: rec.status,
      uploadUrl: UPLOADS_PATH,
      shareUrl: shareUrl(baseUrlOf(req), rec.videoId),
    },
    201,
  );
});
