import { embedPage } from '@/lib/server/routes/embed';

export const dynamic = 'force-dynamic';

/** `/embed/{id}`: the player alone, filling its frame; the access rules of the watch page. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return embedPage(req, (await ctx.params).id);
}
