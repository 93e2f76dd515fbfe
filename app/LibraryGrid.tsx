'use client';

import Link from 'next/link';
import { formatDuration } from '@/lib/format';
import type { VideoView } from '@/lib/videos/view';
import { stageLabel } from './stages';
import { useVideosEvents } from './use-video-events';

function visibilityLabel(v: VideoView): string {
  return v.visibility === 'private' ? 'Private' : v.visibility === 'public' ? 'Public' : 'Anyone with the link';
}

/** The library's cards, kept current while videos process (server-sent events). */
export default function LibraryGrid({ initial, views = {} }: { initial: VideoView[]; views?: Record<string, number> }) {
  const videos = useVideosEvents(initial);
  return (
    <div className="grid" data-testid="library">
      {videos.map((v) => {
        const pct = Math.round((v.processing.progress ?? 0) * 100);
        return (
          <Link key={v.id} href={`/v/${v.id}`} className="card" data-testid="library-card">
            <div className="card-thumb">
              {v.posterUrl ? (
                <>
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img src={v.posterUrl} alt="" loading="lazy" />
                  {v.previewUrl && (
                    // eslint-disable-next-line @next/next/no-img-element
                    <img className="card-preview" src={v.previewUrl} alt="" loading="lazy" data-testid="card-preview" />
                  )}
                </>
              ) : v.status === 'failed' ? (
                <span>Could not process</span>
              ) : v.status === 'uploading' ? (
                <span>Receiving…</span>
              ) : (
                <div className="card-progress" aria-live="polite">
                  <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
                    <span style={{ width: `${pct}%` }} />
                  </div>
                  <span>
                    {stageLabel(v.processing.stage)} · {pct}%
                  </span>
                </div>
              )}
            </div>
            <div className="card-body">
              <div className="card-title">{v.title}</div>
              <div className="card-meta">
                <span className={`badge badge-${v.status}`}>{v.status}</span>
                {v.durationMs ? <span>{formatDuration(v.durationMs)}</span> : null}
                <span>{visibilityLabel(v)}</span>
                <span className="card-views" data-testid="card-views">
                  {views[v.id] ?? 0} {(views[v.id] ?? 0) === 1 ? 'view' : 'views'}
                </span>
              </div>
            </div>
          </Link>
        );
      })}
    </div>
  );
}
