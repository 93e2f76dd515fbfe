import { unlockBody } from '@/lib/shared/api/contract';
import { WeftError } from '@/lib/platform/errors';
import { clientIp, isSecureRequest, setCookie, unlockCookieName, videoAccessFor } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { unlockProof } from '@/lib/watch/stream/signing';
import { checkVideoPassword } from '@/lib/library/sharing';

export const dynamic = 'force-dynamic';

const body = unlockBody;

/** Unlocks a password-protected video for this browser session (a cookie without Max-Age). */
export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const { password, token } = await readJson(req, body);
  const { video, decision, principal } = await videoAccessFor(req, id, token);
  if (!video) throw new WeftError('video_not_found', 'No video with this id.');
  if (!decision.allow && decision.code !== 'password_required') throw new WeftError(decision.code, decision.message);
  const { db, signingKey } = await deps();
  if (video.passwordHash) await checkVideoPassword(db, video, password, { ip: clientIp(req), userId: principal?.userId ?? null }, deps().clock);
  return json({ unlocked: true }, 200, {
    'set-cookie': setCookie(unlockCookieName(video.id), unlockProof(signingKey, video.id, video.passwordVersion), {
      secure: isSecureRequest(req),
    }),
  });
});
