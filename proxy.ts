import { NextResponse } from 'next/server';
import { embedHeaders } from '@/lib/embed/headers';

/**
 * Only for `/embed/…` (the matcher): the frame's Content-Security-Policy, whose `frame-ancestors`
 * comes from WEFT_EMBED_ORIGINS at run time (default: any site may embed). Never on the upload path.
 */
export function proxy() {
  const res = NextResponse.next();
  for (const [k, v] of Object.entries(embedHeaders())) res.headers.set(k, v);
  return res;
}

export const config = { matcher: ['/embed/:path*'] };
