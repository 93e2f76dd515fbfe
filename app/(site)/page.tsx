import { redirect } from 'next/navigation';
import { videoViewFor } from '@/lib/server/http/video-view';
import { deps } from '@/lib/server/deps';
import { findDeletedVideo, listVideosOf } from '@/lib/videos/repo';
import LibraryGrid from '@/app/LibraryGrid';
import { viewCounts } from '@/lib/watch/analytics/insights';
import { headers } from 'next/headers';
import { currentPrincipal, viewerOf } from '@/lib/server/http/auth';
import { baseUrlOf } from '@/lib/server/http/origin';

export const dynamic = 'force-dynamic';

export default async function LibraryPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const req = { headers: await headers() };
  const user = await currentPrincipal(req);
  if (!user) redirect('/login?next=/');
  const { db } = await deps();
  const base = baseUrlOf(req);
  const videos = await Promise.all((await listVideosOf(db, user.userId, 200)).map((v) => videoViewFor(v, base, true)));
  const views = Object.fromEntries(await viewCounts(db, videos.map((v) => v.id)));
  // a video deleted from its watch page: offered for Undo here
  const { deleted } = await searchParams;
  const justDeleted = deleted ? await findDeletedVideo(db, deleted, viewerOf(user)) : null;
  return (
    <>
      <h1>Library</h1>
      <p className="lede">Your recordings. Each one has a link that plays anywhere.</p>
      <LibraryGrid initial={videos} views={views} deleted={justDeleted ? { id: justDeleted.id, title: justDeleted.title } : null} />
    </>
  );
}
