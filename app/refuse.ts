import { cache } from 'react';
import { forbidden, notFound, unauthorized } from 'next/navigation';
import { REFUSALS, type RefusalCode } from '@/lib/http/refusals';

/**
 * Next answers a refusal with the nearest `forbidden.tsx`, `not-found.tsx` or `unauthorized.tsx`,
 * none of which is told why. The reason rides along in a per-request cell (React's `cache` is
 * scoped to one server request), so those pages show the page for the code.
 */
const cell = cache((): { code: RefusalCode | null } => ({ code: null }));

/** Stops rendering with the HTTP status of `code`; the error page then says what `code` means. */
export function refuse(code: RefusalCode): never {
  cell().code = code;
  const { status } = REFUSALS[code];
  if (status === 404) notFound();
  if (status === 401) unauthorized();
  forbidden();
}

/** The code a page refused with in this request, else the page's own default. */
export function refusedWith(fallback: RefusalCode): RefusalCode {
  return cell().code ?? fallback;
}
