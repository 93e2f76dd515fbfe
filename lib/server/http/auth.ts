import { authenticate, type Principal } from '../../platform/accounts/service';
import { baseUrlOf, type RequestLike } from './origin';
import { clientAddressOf } from '../../platform/http/client-address';
import { WeftError, type ErrorCode } from '../../platform/errors';
import { checkUnlockProof } from '../../watch/stream/signing';
import { accessVideo } from '../../library/sharing';
import type { DbOrTx } from '../../platform/db/client';
import type { VideoRow } from '../../videos/repo';
import { scopeAllows } from '../../platform/accounts/scopes';
import { deps } from '../deps';
import { bearerOf, cookieOf, SESSION_COOKIE, type HeaderSource } from '../../platform/accounts/credentials';

export { SESSION_COOKIE, bearerOf, cookieOf, parseCookies } from '../../platform/accounts/credentials';
import { viewerFrom, type Viewer } from '../../videos/policy';

/** Cookies, bearer tokens, CSRF and client address for Web Request route handlers. */
export const unlockCookieName = (videoId: string) => `weft_unlock_${videoId.replace(/-/g, '')}`;

/**
 * Who is calling. A token scoped to recording (the extension's) is refused outside its routes —
 * checked here, once, so that no route can forget it.
 */
export async function principalOf(req: HeaderSource & { url?: string; method?: string }): Promise<Principal | null> {
  const { db } = await deps();
  const p = await authenticate(db, { bearer: bearerOf(req), sessionToken: cookieOf(req, SESSION_COOKIE) }, deps().clock);
  if (p && p.scope !== 'full') {
    const path = req.url ? new URL(req.url, 'http://x').pathname : '';
    if (!scopeAllows(p.scope, req.method ?? 'GET', path)) {
      throw new WeftError('insufficient_scope', 'This token may only record (it belongs to the browser extension). Use the web app, or a full API token.');
    }
  }
  return p;
}

/** The signed-in user, or null (a revoked token counts as nobody here: pages render for anonymous). */
export async function currentPrincipal(req: HeaderSource): Promise<Principal | null> {
  return principalOf(req).catch(() => null);
}

export async function requireUser(req: HeaderSource): Promise<Principal> {
  const p = await principalOf(req);
  if (!p) throw new WeftError('unauthorized', 'Log in first (or send an API token as Authorization: Bearer).');
  return p;
}

export function viewerOf(p: Principal | null): Viewer {
  return viewerFrom(p);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery: a state-changing request that could carry a cookie must come from
 * this origin (Origin header, or Sec-Fetch-Site for browsers that omit it). Bearer-token requests
 * carry no ambient credentials and are exempt.
 */
export function assertSameOrigin(req: Request): void {
  if (SAFE_METHODS.has(req.method) || bearerOf(req)) return;
  const origin = req.headers.get('origin');
  if (origin) {
    if (origin !== baseUrlOf(req)) throw new WeftError('csrf_rejected', 'Cross-site requests are not allowed.');
    return;
  }
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw new WeftError('csrf_rejected', 'Cross-site requests are not allowed.');
}

/** The client's address for throttles (see client-address.ts: a client cannot choose it). */
export function clientIp(req: HeaderSource): string {
  return clientAddressOf(req.headers, deps().config.WEFT_TRUSTED_PROXIES);
}

export function isSecureRequest(req: Request): boolean {
  const mode = deps().config.WEFT_COOKIE_SECURE;
  if (mode !== 'auto') return mode === 'always';
  const pub = deps().config.WEFT_PUBLIC_URL;
  if (pub) return pub.startsWith('https:');
  return req.headers.get('x-forwarded-proto') === 'https' || new URL(req.url).protocol === 'https:';
}

export function setCookie(name: string, value: string, opts: { secure: boolean; maxAgeSeconds?: number; path?: string }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${opts.path ?? '/'}`, 'HttpOnly', 'SameSite=Lax'];
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * The policy's decision for this request on one video: caller, share token (given, or `?token=` of
 * the request's URL), unlock cookie. Route handlers pass the Request; pages pass `{headers}`.
 */
export async function videoAccessFor<V extends VideoRow = VideoRow>(req: RequestLike, videoId: string, shareToken?: string | null, load?: (db: DbOrTx, id: string) => Promise<V | null>) {
  const { db, signingKey } = await deps();
  const principal = await principalOf(req);
  const token = shareToken ?? (req.url ? new URL(req.url).searchParams.get('token') : null);
  const unlock = cookieOf(req, unlockCookieName(videoId));
  const result = await accessVideo<V>(db, videoId, {
    load,
    viewer: viewerOf(principal),
    shareToken: token,
    passwordUnlocked: (v) => checkUnlockProof(signingKey, v.id, v.passwordVersion, unlock),
  });
  return { ...result, principal };
}

/** Like videoAccessFor, but a refusal is thrown as the policy's error. */
export async function requireVideoAccess<V extends VideoRow = VideoRow>(req: Request, videoId: string, load?: (db: DbOrTx, id: string) => Promise<V | null>) {
  const r = await videoAccessFor<V>(req, videoId, null, load);
  if (!r.decision.allow || !r.video) {
    const d = r.decision as { code: ErrorCode; message: string };
    throw new WeftError(d.code, d.message);
  }
  return { video: r.video, principal: r.principal, manager: r.decision.manager };
}
