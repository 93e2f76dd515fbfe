import { oembedOf } from '@/lib/watch/embed/unfurl';
import { baseUrlOf, json, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

/** oEmbed for a watch or embed URL: `?url=&maxwidth=&maxheight=&format=json`. */
export const GET = route(async (req: Request) => {
  const q = new URL(req.url).searchParams;
  const { db, signingKey } = await deps();
  const body = await oembedOf(db, signingKey, baseUrlOf(req), { url: q.get('url'), format: q.get('format'), maxwidth: q.get('maxwidth'), maxheight: q.get('maxheight') });
  return json(body, 200, { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' });
});
