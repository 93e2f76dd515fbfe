import { route } from '@/lib/http/respond';
import { serveMedia } from '@/lib/media-origin/serve';
import { runtime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ key: string[] }> };

const handle = route(async (req: Request, ctx: Ctx) => {
  const { key } = await ctx.params;
  const { storage, signingKey, config } = await runtime();
  return serveMedia(storage, key.map((k) => decodeURIComponent(k)).join('/'), req, signingKey, config.WEFT_MEDIA_DELIVERY);
});

export const GET = handle;
export const HEAD = handle;
