import { endSession } from '@/lib/platform/accounts/service';
import { cookieOf, isSecureRequest, SESSION_COOKIE, setCookie } from '@/lib/server/http/auth';
import { route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

export const POST = route(async (req: Request) => {
  const token = cookieOf(req, SESSION_COOKIE);
  if (token) await endSession((await deps()).db, token);
  return new Response(null, {
    status: 204,
    headers: { 'set-cookie': setCookie(SESSION_COOKIE, '', { secure: isSecureRequest(req), maxAgeSeconds: 0 }) },
  });
});
