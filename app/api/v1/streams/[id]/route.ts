import { json, route } from '@/lib/http/respond';
import { runtime } from '@/lib/runtime';
import { getStream } from '@/lib/streaming/service';

export const dynamic = 'force-dynamic';

export const GET = route(async (_req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const { db } = await runtime();
  return json(await getStream(db, id));
});
