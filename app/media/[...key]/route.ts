import { safeDecode } from '@/lib/shared/ids';
import { answerMedia } from '@/lib/server/routes/media';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ key: string[] }> };

const handle = async (req: Request, ctx: Ctx) => answerMedia(req, (await ctx.params).key.map((k) => safeDecode(k)).join('/'));

export const GET = handle;
export const HEAD = handle;
