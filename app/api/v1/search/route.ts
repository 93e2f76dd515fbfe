import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { searchVideos } from '@/lib/library/search';

export const dynamic = 'force-dynamic';

/** Full-text search over your videos (and public ones): titles and transcripts, ranked, with snippets. */
export const GET = route(async (req: Request) => {
  const user = await requireUser(req);
  const url = new URL(req.url);
  const limit = Number(url.searchParams.get('limit') ?? 20);
  const results = await searchVideos((await deps()).db, viewerOf(user), url.searchParams.get('q') ?? '', Number.isFinite(limit) ? limit : 20);
  return json({ results });
});
