import { resetConfirmBody } from '@/lib/shared/api/contract';
import { readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { confirmPasswordReset } from '@/lib/platform/accounts/lifecycle';
import { WeftError } from '@/lib/platform/errors';
import { signedInResponse } from '@/lib/server/http/team';

export const dynamic = 'force-dynamic';

/** Sets the new password; every session of the account ends and this browser is signed in afresh. */
export const POST = route(async (req: Request) => {
  const { token, password } = await readJson(req, resetConfirmBody);
  const { db, clock, config } = deps();
  if (config.WEFT_PASSWORD_LOGIN === 'off') throw new WeftError('password_login_off', 'This Weft signs in with single sign-on only.');
  const userId = await confirmPasswordReset(db, token, password, clock);
  return signedInResponse(req, userId);
});
