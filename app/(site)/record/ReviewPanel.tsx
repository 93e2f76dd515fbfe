'use client';

import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '@/lib/shared/format';
import { api } from '@/lib/shared/client';
import { makePreview, type Preview } from './preview';

/** After Stop: a local, seekable preview with a poster, trimming, and a download — all in the browser. */
export default function ReviewPanel({ recording, mimeType, videoId }: { recording: Blob; mimeType: string; videoId: string }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [duration, setDuration] = useState(0);
  const [start, setStart] = useState(0);
  const [end, setEnd] = useState(0);
  const [trimNote, setTrimNote] = useState<string | null>(null);
  const videoRef = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    let alive = true;
    let made: Preview | null = null;
    makePreview(recording, mimeType).then(
      (p) => {
        made = p;
        if (alive) setPreview(p);
      },
      (e: unknown) => {
        const why = e instanceof Error ? e.message : e instanceof Event ? `${e.type} while loading ffmpeg.wasm` : String(e);
        if (alive) setError(`Preview unavailable (${why}). Your recording is uploaded as usual.`);
      },
    );
    return () => {
      alive = false;
      if (made) {
        URL.revokeObjectURL(made.videoUrl);
        if (made.posterUrl) URL.revokeObjectURL(made.posterUrl);
      }
    };
  }, [recording, mimeType]);

  async function applyTrim() {
    setTrimNote(null);
    try {
      const untrimmed = start <= 0.05 && end >= duration - 0.05;
      await api.call('updateVideo', { params: { id: videoId }, body: untrimmed ? { trimStartMs: null, trimEndMs: null } : { trimStartMs: Math.round(start * 1000), trimEndMs: Math.round(end * 1000) } });
      setTrimNote(untrimmed ? 'Trim removed.' : `Trimmed to ${formatDuration((end - start) * 1000)}. The shared video is updated in a moment.`);
    } catch (e) {
      setTrimNote(`Could not trim: ${(e as Error).message}`);
    }
  }

  if (error) return <p className="muted small" data-testid="preview-error">{error}</p>;
  if (!preview) {
    return (
      <div className="panel review" aria-busy="true">
        <p className="muted small">Preparing the preview…</p>
      </div>
    );
  }
  return (
    <div className="panel review" data-testid="review">
      <video
        ref={videoRef}
        src={preview.videoUrl}
        poster={preview.posterUrl ?? undefined}
        controls
        playsInline
        data-testid="preview-video"
        onLoadedMetadata={(e) => {
          const d = e.currentTarget.duration;
          if (Number.isFinite(d)) {
            setDuration(d);
            setEnd(d);
          }
        }}
      />
      {duration > 0 && (
        <div className="trim">
          <label>
            Start {formatDuration(start * 1000)}
            <input
              type="range"
              min={0}
              max={duration}
              step={0.1}
              value={start}
              data-testid="trim-start"
              onChange={(e) => {
                const v = Math.min(Number(e.target.value), end - 0.5);
                setStart(v);
                if (videoRef.current) videoRef.current.currentTime = v;
              }}
            />
          </label>
          <label>
            End {formatDuration(end * 1000)}
            <input
              type="range"
              min={0}
              max={duration}
              step={0.1}
              value={end}
              data-testid="trim-end"
              onChange={(e) => {
                const v = Math.max(Number(e.target.value), start + 0.5);
                setEnd(v);
                if (videoRef.current) videoRef.current.currentTime = v;
              }}
            />
          </label>
          <div className="row">
            <button type="button" className="button" data-testid="trim-apply" onClick={() => void applyTrim()}>
              Apply trim
            </button>
            <a className="button" href={preview.download.url} download={preview.download.name} data-testid="download-recording">
              Download {preview.download.name.endsWith('.mp4') ? 'MP4' : 'WebM'}
            </a>
            <span className="muted small">Preview ready in {preview.ms} ms</span>
          </div>
          {trimNote && <p className="muted small" data-testid="trim-note">{trimNote}</p>}
        </div>
      )}
    </div>
  );
}
