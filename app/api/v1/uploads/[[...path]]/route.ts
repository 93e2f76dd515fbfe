import { assertSameOrigin } from '@/lib/server/http/auth';
import { errorResponse } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { canonicalTusRequest, finishTusResponse, tusPrecheck, withMethodOverride } from '@/lib/record/uploads/tus-protocol';

export const dynamic = 'force-dynamic';

/** tus 1.0 endpoint: @tus/server handles the protocol (after our conformance pre-checks); its hooks call lib/record/uploads. */
async function handle(raw: Request): Promise<Response> {
  try {
    assertSameOrigin(raw);
  } catch (e) {
    return finishTusResponse(raw, errorResponse(e));
  }
  const req = withMethodOverride(raw);
  if (req instanceof Response) return req;
  const refused = tusPrecheck(req);
  if (refused) return refused;
  const { tus } = await deps();
  return finishTusResponse(req, await tus.handleWeb(canonicalTusRequest(req)));
}

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;
