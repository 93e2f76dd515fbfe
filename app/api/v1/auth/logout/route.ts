import { endSession } from '@/lib/auth/service';
import { cookieOf, isSecureRequest, SESSION_COOKIE, setCookie } from '@/lib/http/auth';
import { route } from '@/lib/http/respond';
import { deps } from '@/lib/deps';

export const dynamic = 'force-dynamic';

export const POST = route(async (req: Request) => {
  const token = cookieOf(req, SESSION_COOKIE);
  if (token) await endSession((await deps()).db, token);
  return new Response(null, {
    status: 204,
    headers: { 'set-cookie': setCookie(SESSION_COOKIE, '', { secure: isSecureRequest(req), maxAgeSeconds: 0 }) },
  });
});
