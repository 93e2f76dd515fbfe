import { newImportBody } from '@/lib/shared/api/contract';
import { requireUser } from '@/lib/server/http/auth';
import { baseUrlOf, json, readJson, route } from '@/lib/server/http/respond';
import { createImport } from '@/lib/record/imports';
import { deps } from '@/lib/server/deps';
import { UPLOADS_PATH } from '@/lib/record/uploads/tus';
import { shareUrl } from '@/lib/videos/view';

export const dynamic = 'force-dynamic';

/** A file made elsewhere: the video, and where and how to upload it (tus). */
export const POST = route(async (req: Request) => {
  const user = await requireUser(req);
  const input = await readJson(req, newImportBody);
  const { db, config, clock } = deps();
  const created = await createImport(db, user.userId, input, { maxBytes: config.WEFT_UPLOAD_MAX_BYTES, clock });
  const base = baseUrlOf(req);
  return json({ videoId: created.videoId, uploadUrl: `${base}${UPLOADS_PATH}`, uploadMetadata: created.uploadMetadata, shareUrl: shareUrl(base, created.videoId) }, 201);
});
