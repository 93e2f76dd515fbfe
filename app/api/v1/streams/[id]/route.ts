import { answerStream } from '@/lib/server/routes/stream';

export const dynamic = 'force-dynamic';

/** Access check (owner, visibility, password, share token), then signed HLS URLs (lib/server/routes/stream.ts). */
export const GET = async (req: Request, ctx: { params: Promise<{ id: string }> }) => answerStream(req, (await ctx.params).id);
