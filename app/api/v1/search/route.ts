import { requireUser, viewerOf } from '@/lib/http/auth';
import { json, route } from '@/lib/http/respond';
import { deps } from '@/lib/deps';
import { searchVideos } from '@/lib/search/service';

export const dynamic = 'force-dynamic';

/** Full-text search over your videos (and public ones): titles and transcripts, ranked, with snippets. */
export const GET = route(async (req: Request) => {
  const user = await requireUser(req);
  const url = new URL(req.url);
  const limit = Number(url.searchParams.get('limit') ?? 20);
  const results = await searchVideos((await deps()).db, viewerOf(user), url.searchParams.get('q') ?? '', Number.isFinite(limit) ? limit : 20);
  return json({ results });
});
