import { answerStream } from '@/lib/streaming/http';

export const dynamic = 'force-dynamic';

/** Access check (owner, visibility, password, share token), then signed HLS URLs (lib/streaming/http.ts). */
export const GET = async (req: Request, ctx: { params: Promise<{ id: string }> }) => answerStream(req, (await ctx.params).id);
