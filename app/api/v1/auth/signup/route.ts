import { createSession, signUp, signupSchema } from '@/lib/platform/accounts/service';
import { clientIp, isSecureRequest, SESSION_COOKIE, setCookie } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { WeftError } from '@/lib/platform/errors';

export const dynamic = 'force-dynamic';

export const POST = route(async (req: Request) => {
  const input = await readJson(req, signupSchema);
  const { db } = await deps();
  const cfg = deps().config;
  if (cfg.WEFT_PASSWORD_LOGIN === 'off') throw new WeftError('password_login_off', 'This Weft signs in with single sign-on only.');
  const user = await signUp(db, input, {
    signupOpen: cfg.WEFT_SIGNUP === 'open',
    ip: clientIp(req),
    perAddressPerHour: cfg.WEFT_SIGNUPS_PER_ADDRESS,
    clock: deps().clock,
  });
  const session = await createSession(db, user.id, deps().clock);
  return json({ user: { id: user.id, email: user.email, name: user.name, role: user.role } }, 201, {
    'set-cookie': setCookie(SESSION_COOKIE, session.token, {
      secure: isSecureRequest(req),
      maxAgeSeconds: Math.floor((session.expiresAt.getTime() - Date.now()) / 1000),
    }),
  });
});
