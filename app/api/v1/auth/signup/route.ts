import { createSession, signUp, signupSchema } from '@/lib/platform/accounts/service';
import { clientIp, isSecureRequest, SESSION_COOKIE, setCookie } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

export const POST = route(async (req: Request) => {
  const input = await readJson(req, signupSchema);
  const { db } = await deps();
  const cfg = deps().config;
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
