import { safeDecode } from '@/lib/ids';
import { answerMedia } from '@/lib/media-origin/http';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ key: string[] }> };

const handle = async (req: Request, ctx: Ctx) => answerMedia(req, (await ctx.params).key.map((k) => safeDecode(k)).join('/'));

export const GET = handle;
export const HEAD = handle;
