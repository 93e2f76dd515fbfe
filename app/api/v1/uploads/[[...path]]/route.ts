import { runtime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** tus 1.0 endpoint: @tus/server handles the protocol; its hooks call lib/uploads. */
async function handle(req: Request): Promise<Response> {
  const { tus } = await runtime();
  return tus.handleWeb(req);
}

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;
