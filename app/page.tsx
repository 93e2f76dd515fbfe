import Link from 'next/link';
import { runtime } from '@/lib/runtime';
import { listVideos } from '@/lib/videos/repo';
import { mediaUrl } from '@/lib/videos/view';
import { formatDuration } from '@/lib/format';

export const dynamic = 'force-dynamic';

export default async function LibraryPage() {
  const { db } = await runtime();
  const videos = await listVideos(db, 200);
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
        <div className="grid">
          {videos.map((v) => (
            <Link key={v.id} href={`/v/${v.id}`} className="card">
              <div className="card-thumb">
                {v.posterKey ? (
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={mediaUrl(v.posterKey)} alt="" loading="lazy" />
                ) : (
                  <span>{v.status === 'failed' ? 'Could not process' : 'Processing…'}</span>
                )}
              </div>
              <div className="card-body">
                <div className="card-title">{v.title}</div>
                <div className="card-meta">
                  <span className={`badge badge-${v.status}`}>{v.status}</span>
                  {v.durationMs ? <span>{formatDuration(v.durationMs)}</span> : null}
                  <span>{v.createdAt.toLocaleDateString('en', { month: 'short', day: 'numeric' })}</span>
                </div>
              </div>
            </Link>
          ))}
        </div>
      )}
    </>
  );
}
