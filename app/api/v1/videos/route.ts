import { baseUrlOf, json, route } from '@/lib/http/respond';
import { runtime } from '@/lib/runtime';
import { listVideos } from '@/lib/videos/repo';
import { toVideoView } from '@/lib/videos/view';

export const dynamic = 'force-dynamic';

export const GET = route(async (req: Request) => {
  const { db } = await runtime();
  const base = baseUrlOf(req);
  return json({ videos: (await listVideos(db)).map((v) => toVideoView(v, base)) });
});
