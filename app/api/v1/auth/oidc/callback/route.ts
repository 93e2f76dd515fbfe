import { baseUrlOf, cookielessRoute } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { cookieOf, isSecureRequest, setCookie } from '@/lib/server/http/auth';
import { accountForIdentity, OIDC_STATE_COOKIE } from '@/lib/platform/accounts/oidc';
import { isWeftError, WeftError } from '@/lib/platform/errors';
import { joinDomainWorkspaces } from '@/lib/library/teams';
import { sessionCookieFor } from '@/lib/server/http/team';
import { log } from '@/lib/platform/log';

export const dynamic = 'force-dynamic';

/**
 * The provider sends the browser back here (a top-level GET from its site: the state cookie, not the
 * Origin, ties it to the browser that started). Signs in and goes on; a failure goes to the log-in
 * page with the reason.
 */
export const GET = cookielessRoute(async (req: Request) => {
  const { db, clock, oidc } = deps();
  const base = baseUrlOf(req);
  const clearState = setCookie(OIDC_STATE_COOKIE, '', { secure: isSecureRequest(req), maxAgeSeconds: 0, path: '/api/v1/auth/oidc' });
  try {
    if (!oidc) throw new WeftError('sso_not_configured', 'Single sign-on is not set up on this Weft.');
    // the provider answered at this server's public address: the code is checked against the redirect URI we sent
    const callback = new URL(`${base}/api/v1/auth/oidc/callback${new URL(req.url).search}`);
    const identity = await oidc.finish(db, callback, cookieOf(req, OIDC_STATE_COOKIE), clock);
    const { userId } = await accountForIdentity(db, identity, joinDomainWorkspaces);
    const headers = new Headers({ location: `${base}${identity.next}`, 'cache-control': 'no-store' });
    headers.append('set-cookie', clearState);
    headers.append('set-cookie', await sessionCookieFor(req, userId));
    return new Response(null, { status: 302, headers });
  } catch (e) {
    if (!isWeftError(e)) log.error('single sign-on failed', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    else log.info('single sign-on refused', { code: e.code, cause: e.cause instanceof Error ? e.cause.message : undefined });
    const message = isWeftError(e) ? e.message : 'Single sign-on failed. Try again.';
    const headers = new Headers({ location: `${base}/login?error=${encodeURIComponent(message)}`, 'cache-control': 'no-store' });
    headers.append('set-cookie', clearState);
    return new Response(null, { status: 302, headers });
  }
});
