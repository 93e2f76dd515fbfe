import { changePasswordBody } from '@/lib/shared/api/contract';
import { clientIp, cookieOf, requireUser, SESSION_COOKIE } from '@/lib/server/http/auth';
import { readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { changePassword } from '@/lib/platform/accounts/lifecycle';
import { hashSecret } from '@/lib/platform/accounts/tokens';
import { throttleAddress } from '@/lib/platform/net/address';
import { WeftError } from '@/lib/platform/errors';

export const dynamic = 'force-dynamic';

/** Changes the signed-in account's password; this session stays, the others end. */
export const POST = route(async (req: Request) => {
  const p = await requireUser(req);
  const input = await readJson(req, changePasswordBody);
  const { db, clock, config } = deps();
  if (config.WEFT_PASSWORD_LOGIN === 'off') throw new WeftError('password_login_off', 'This Weft signs in with single sign-on only: change your password with your sign-on provider.');
  const session = p.via === 'session' ? cookieOf(req, SESSION_COOKIE) : null;
  await changePassword(db, p.userId, input, session ? hashSecret(session) : null, throttleAddress(clientIp(req)), clock);
  return new Response(null, { status: 204 });
});
