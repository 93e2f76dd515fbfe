import { z } from 'zod';
import { requireUser } from '@/lib/http/auth';
import { baseUrlOf, json, readJson, route } from '@/lib/http/respond';
import { createRecording } from '@/lib/recording/service';
import { RECORDING_MODES } from '@/lib/recording/machine';
import { runtime } from '@/lib/runtime';
import { UPLOADS_PATH } from '@/lib/uploads/tus';
import { shareUrl } from '@/lib/videos/view';

export const dynamic = 'force-dynamic';

const body = z.object({
  title: z.string().max(200).optional(),
  mode: z.enum(RECORDING_MODES).optional(),
  mimeType: z.string().max(100).optional(),
});

export const POST = route(async (req: Request) => {
  const user = await requireUser(req);
  const input = await readJson(req, body, { optional: true });
  const { db } = await runtime();
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
