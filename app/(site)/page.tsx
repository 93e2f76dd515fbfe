import Link from 'next/link';
import { redirect } from 'next/navigation';
import { videoViewFor } from '@/lib/http/video-view';
import { runtime } from '@/lib/runtime';
import { listVideosOf } from '@/lib/videos/repo';
import LibraryGrid from '@/app/LibraryGrid';
import { viewCounts } from '@/lib/analytics/insights';
import LibrarySearch from '@/app/LibrarySearch';
import { headers } from 'next/headers';
import { currentPrincipal } from '@/lib/http/auth';
import { baseUrlOf } from '@/lib/http/origin';

export const dynamic = 'force-dynamic';

export default async function LibraryPage() {
  const req = { headers: await headers() };
  const user = await currentPrincipal(req);
  if (!user) redirect('/login?next=/');
  const { db } = await runtime();
  const base = baseUrlOf(req);
  const videos = await Promise.all((await listVideosOf(db, user.userId, 200)).map((v) => videoViewFor(v, base, true)));
  const views = Object.fromEntries(await viewCounts(db, videos.map((v) => v.id)));
  return (
    <>
      <h1>Library</h1>
      <p className="lede">Your recordings. Each one has a link that plays anywhere.</p>
      {videos.length === 0 ? (
        <div className="panel empty">
          <p>No recordings yet.</p>
          <Link href="/record" className="button button-primary button-large">
            Record your first video
          </Link>
        </div>
      ) : (
        <>
          <LibrarySearch />
          <LibraryGrid initial={videos} views={views} />
        </>
      )}
    </>
  );
}
