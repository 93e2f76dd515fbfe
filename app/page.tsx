import Link from 'next/link';
import { redirect } from 'next/navigation';
import { formatDuration } from '@/lib/format';
import { videoViewFor } from '@/lib/http/video-view';
import { runtime } from '@/lib/runtime';
import { listVideosOf } from '@/lib/videos/repo';
import { baseUrlFromHeaders } from './request-url';
import { currentUser } from './session';

export const dynamic = 'force-dynamic';

export default async function LibraryPage() {
  const user = await currentUser();
  if (!user) redirect('/login?next=/');
  const { db } = await runtime();
  const base = await baseUrlFromHeaders();
  const videos = await Promise.all((await listVideosOf(db, user.userId, 200)).map((v) => videoViewFor(v, base, true)));
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
        <div className="grid" data-testid="library">
          {videos.map((v) => (
            <Link key={v.id} href={`/v/${v.id}`} className="card">
              <div className="card-thumb">
                {v.posterUrl ? (
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={v.posterUrl} alt="" loading="lazy" />
                ) : (
                  <span>{v.status === 'failed' ? 'Could not process' : 'Processing…'}</span>
                )}
              </div>
              <div className="card-body">
                <div className="card-title">{v.title}</div>
                <div className="card-meta">
                  <span className={`badge badge-${v.status}`}>{v.status}</span>
                  {v.durationMs ? <span>{formatDuration(v.durationMs)}</span> : null}
                  <span>{v.visibility === 'private' ? 'Private' : v.visibility === 'public' ? 'Public' : 'Anyone with the link'}</span>
                </div>
              </div>
            </Link>
          ))}
        </div>
      )}
    </>
  );
}
