import { assertSameOrigin } from '@/lib/http/auth';
import { errorResponse } from '@/lib/http/respond';
import { runtime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** tus 1.0 endpoint: @tus/server handles the protocol; its hooks call lib/uploads (ownership checks). */
async function handle(req: Request): Promise<Response> {
  try {
    assertSameOrigin(req);
  } catch (e) {
    return errorResponse(e);
  }
  const { tus } = await runtime();
  return tus.handleWeb(req);
}

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;
