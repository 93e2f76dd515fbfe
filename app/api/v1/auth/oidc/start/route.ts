import { baseUrlOf, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { isSecureRequest, setCookie } from '@/lib/server/http/auth';
import { OIDC_LOGIN_TTL_MS, OIDC_STATE_COOKIE } from '@/lib/platform/accounts/oidc';
import { safeNextPath } from '@/lib/platform/http/next-path';
import { WeftError } from '@/lib/platform/errors';
import { takeThrottled } from '@/lib/platform/accounts/throttle';
import { clientIp } from '@/lib/server/http/auth';
import { throttleAddress } from '@/lib/platform/net/address';

export const dynamic = 'force-dynamic';

/** Sends the browser to the OpenID Provider; the state goes in a short-lived cookie bound to this browser. */
export const GET = route(async (req: Request) => {
  const { db, clock, oidc } = deps();
  if (!oidc) throw new WeftError('sso_not_configured', 'Single sign-on is not set up on this Weft.');
  await db.transaction((tx) => takeThrottled(tx, [{ key: `oidc-start:${throttleAddress(clientIp(req))}`, limit: 60, windowMs: 15 * 60_000, message: 'Too many sign-ons started from your network address.' }], clock));
  const base = baseUrlOf(req);
  const next = safeNextPath(new URL(req.url).searchParams.get('next'), base);
  const { url, state } = await oidc.start(db, `${base}/api/v1/auth/oidc/callback`, next, clock);
  return new Response(null, {
    status: 302,
    headers: { location: url, 'cache-control': 'no-store', 'set-cookie': setCookie(OIDC_STATE_COOKIE, state, { secure: isSecureRequest(req), maxAgeSeconds: OIDC_LOGIN_TTL_MS / 1000, path: '/api/v1/auth/oidc' }) },
  });
});
