import { createSession, credentialsSchema, logIn } from '@/lib/platform/accounts/service';
import { clientIp, isSecureRequest, SESSION_COOKIE, setCookie } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { WeftError } from '@/lib/platform/errors';

export const dynamic = 'force-dynamic';

export const POST = route(async (req: Request) => {
  const input = await readJson(req, credentialsSchema);
  const { db, clock, config } = deps();
  if (config.WEFT_PASSWORD_LOGIN === 'off') throw new WeftError('password_login_off', 'This Weft signs in with single sign-on only.');
  const user = await logIn(db, input, clientIp(req), clock);
  const session = await createSession(db, user.id, clock);
  return json({ user: { id: user.id, email: user.email, name: user.name, role: user.role } }, 200, {
    'set-cookie': setCookie(SESSION_COOKIE, session.token, {
      secure: isSecureRequest(req),
      maxAgeSeconds: Math.floor((session.expiresAt.getTime() - Date.now()) / 1000),
    }),
  });
});
