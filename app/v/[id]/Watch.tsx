'use client';

import { useEffect, useState } from 'react';
import type { VideoView } from '@/lib/videos/view';
import type { StreamInfo } from '@/lib/streaming/service';
import { formatDuration } from '@/lib/format';
import Player from './Player';

const STAGES: Record<string, string> = {
  queued: 'Waiting for a worker',
  probe: 'Reading the recording',
  transcode: 'Making it stream everywhere',
  package: 'Packaging',
  thumbnails: 'Making the thumbnail',
};

export default function Watch({ initial, token }: { initial: VideoView; token: string | null }) {
  const q = token ? `?token=${encodeURIComponent(token)}` : '';
  const [video, setVideo] = useState<VideoView>(initial);
  const [stream, setStream] = useState<StreamInfo | null>(null);
  const [streamError, setStreamError] = useState<string | null>(null);

  useEffect(() => {
    if (video.status === 'ready' || video.status === 'failed') return;
    const t = setInterval(async () => {
      const res = await fetch(`/api/v1/videos/${video.id}${q}`, { cache: 'no-store' }).catch(() => null);
      if (res?.ok) setVideo((await res.json()) as VideoView);
    }, 1000);
    return () => clearInterval(t);
  }, [video.id, video.status, q]);

  useEffect(() => {
    if (video.status !== 'ready' && video.status !== 'playable') return;
    let cancelled = false;
    void (async () => {
      const res = await fetch(`/api/v1/streams/${video.id}${q}`, { cache: 'no-store' });
      const data = (await res.json()) as StreamInfo & { error?: { message: string } };
      if (cancelled) return;
      if (!res.ok) setStreamError(data.error?.message ?? 'This video cannot be played.');
      else setStream(data);
    })();
    return () => {
      cancelled = true;
    };
  }, [video.id, video.status, q]);

  const pct = Math.round((video.processing.progress ?? 0) * 100);

  return (
    <div className="watch">
      {stream ? (
        <div className="watch-player">
          <Player master={stream.master} poster={stream.poster} />
        </div>
      ) : video.status === 'failed' || streamError ? (
        <div className="watch-state failed" role="alert" data-testid="video-error">
          <strong>This video could not be processed</strong>
          <span>{video.error?.message ?? streamError}</span>
        </div>
      ) : (
        <div className="watch-state" data-testid="video-processing" aria-live="polite">
          <strong>{video.status === 'uploading' ? 'Receiving the recording…' : 'Processing…'}</strong>
          {video.status !== 'uploading' && (
            <>
              <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
                <span style={{ width: `${pct}%` }} />
              </div>
              <span className="small">
                {STAGES[video.processing.stage ?? 'queued'] ?? 'Working'} · {pct}%
              </span>
            </>
          )}
        </div>
      )}
      <div>
        <h1 className="watch-title">{video.title}</h1>
        <p className="muted small" data-testid="video-status">
          {video.status === 'ready' && video.durationMs ? formatDuration(video.durationMs) + ' · ' : ''}
          {video.status === 'ready' ? 'Ready' : video.status}
          {' · '}
          {new Date(video.createdAt).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' })}
        </p>
      </div>
    </div>
  );
}
