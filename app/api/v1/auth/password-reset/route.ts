import { resetRequestBody } from '@/lib/shared/api/contract';
import { clientIp } from '@/lib/server/http/auth';
import { baseUrlOf, json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { requestPasswordReset } from '@/lib/platform/accounts/lifecycle';
import { throttleAddress } from '@/lib/platform/net/address';
import { WeftError } from '@/lib/platform/errors';
import { resetEmail } from '@/lib/process/notify/mail';
import { instanceName, sendMail } from '@/lib/server/http/team';

export const dynamic = 'force-dynamic';

/**
 * Asks for a reset e-mail. The answer is the same 202 whether or not the address has an account,
 * and comes before the e-mail is sent (its timing says nothing either).
 */
export const POST = route(async (req: Request) => {
  const { email } = await readJson(req, resetRequestBody);
  const { db, clock, config, mailer } = deps();
  if (config.WEFT_PASSWORD_LOGIN === 'off') throw new WeftError('password_login_off', 'This Weft signs in with single sign-on only: reset your password with your sign-on provider.');
  if (!mailer) throw new WeftError('unavailable', 'This Weft cannot send e-mail (no SMTP server is set). Ask an administrator to reset your access.');
  const reset = await requestPasswordReset(db, email, throttleAddress(clientIp(req)), clock);
  if (reset) {
    const base = baseUrlOf(req);
    void sendMail(reset.email, resetEmail({ name: reset.name, link: `${base}/reset-password?token=${encodeURIComponent(reset.token)}`, instance: instanceName(base) }), mailer);
  }
  return json({ accepted: true }, 202);
});
