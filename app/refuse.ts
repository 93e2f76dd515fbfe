import { cache } from 'react';
import { headers } from 'next/headers';
import { safeDecode } from '@/lib/shared/ids';
import { forbidden, notFound, unauthorized } from 'next/navigation';
import { currentPrincipal, videoAccessFor } from '@/lib/server/http/auth';
import { REQUEST_PATH_HEADER_NAME } from '@/lib/platform/http/client-address';
import { REFUSALS, refusalFor, type RefusalCode } from '@/lib/platform/http/refusals';

/** The signed-in account of this page request (one lookup, shared by the layout, the page and its error pages). */
export const pagePrincipal = cache(async () => currentPrincipal({ headers: await headers() }));

/** The access decision for a watch page (one lookup, shared by its metadata, the page and its error pages). */
export const pageVideoAccess = cache(async (id: string, token: string | null) => videoAccessFor({ headers: await headers() }, id, token));

/** Stops rendering with the HTTP status of `code`; the error page for that status then says which refusal it is. */
export function refuse(code: RefusalCode): never {
  const { status } = REFUSALS[code];
  if (status === 404) notFound();
  if (status === 401) unauthorized();
  forbidden();
}

/**
 * Which refusal this request met. Next renders `not-found.tsx` and `forbidden.tsx` without telling
 * them why, so they ask again: for a watch page, the same access decision the page took (cached for
 * the request); elsewhere the status's own meaning (`fallback`).
 */
export async function refusalHere(fallback: RefusalCode): Promise<RefusalCode> {
  const asked = new URL((await headers()).get(REQUEST_PATH_HEADER_NAME) ?? '/', 'http://page');
  const watch = /^\/v\/([^/]+)\/?$/.exec(asked.pathname);
  if (!watch) return fallback;
  const { video, decision } = await pageVideoAccess(safeDecode(watch[1]!), asked.searchParams.get('token'));
  if (video && decision.allow) return fallback;
  return refusalFor(decision.allow ? 'video_not_found' : decision.code);
}
