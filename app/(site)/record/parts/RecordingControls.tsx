'use client';

import { formatBytes, formatDuration } from '@/lib/shared/format';
import type { RecorderState } from '@/lib/record/browser/core';
import CopyButton from '@/app/CopyButton';

/** While recording: time, pause/resume, stop, restart, cancel; then upload progress and the share link. */
export default function RecordingControls(props: {
  state: RecorderState;
  onTogglePause(): void;
  onStop(): void;
  onRestart(): void;
  onCancel(): void;
  onAnother(): void;
  /** The share link was clicked before the upload finished: open it once it has. */
  onOpenShare(href: string): void;
  /** The link went on the clipboard at Stop. */
  copied?: boolean;
}) {
  const { onTogglePause, onStop, onRestart, onCancel, onAnother, onOpenShare } = props;
  const { phase, elapsedMs, maxSeconds, recorded, uploaded, uploadDone, share } = props.state;
  const active = phase === 'recording' || phase === 'paused';
  const pct = recorded > 0 ? Math.min(100, Math.round((uploaded / recorded) * 100)) : 0;
  return (
    <>
        {(phase === 'countdown' || active) && (
          <div className="recorder-bar">
            {active && (
              <>
                <span className={phase === 'paused' ? 'rec-dot paused' : 'rec-dot'} aria-hidden="true" />
                <span className="timer" data-testid="record-elapsed">
                  {formatDuration(elapsedMs)}
                  {maxSeconds > 0 ? ` / ${formatDuration(maxSeconds * 1000)}` : ''}
                </span>
                {phase === 'recording' ? (
                  <button type="button" className="button" data-testid="record-pause" onClick={onTogglePause}>
                    Pause
                  </button>
                ) : (
                  <button type="button" className="button" data-testid="record-resume" onClick={onTogglePause}>
                    Resume
                  </button>
                )}
                <button type="button" className="button button-danger" data-testid="record-stop" onClick={onStop}>
                  Stop
                </button>
                <button type="button" className="button" data-testid="record-restart" onClick={onRestart}>
                  Restart
                </button>
              </>
            )}
            <button type="button" className="button" data-testid="record-cancel" onClick={onCancel}>
              Cancel
            </button>
            <span className="muted small">
              <span className="kbd">Alt</span>+<span className="kbd">Shift</span>+<span className="kbd">S</span> stop ·{' '}
              <span className="kbd">P</span> pause · <span className="kbd">C</span> cancel
            </span>
          </div>
        )}

        {(active || phase === 'finishing' || phase === 'done') && (
          <div aria-live="polite">
            <div className="progress" role="progressbar" aria-valuenow={uploadDone ? 100 : pct} aria-valuemin={0} aria-valuemax={100} aria-label="Upload">
              <span style={{ width: `${uploadDone ? 100 : pct}%` }} />
            </div>
            <p className="muted small" data-testid="upload-progress">
              {uploadDone ? `Uploaded ${formatBytes(recorded)}` : `Uploaded ${formatBytes(uploaded)} of ${formatBytes(recorded)} recorded`}
            </p>
          </div>
        )}

        {share && (phase === 'finishing' || phase === 'done') && (
          <div className="share share-result" data-testid="share-result">
            <span className="share-label">Your link{props.copied ? ' — copied to the clipboard' : ''}</span>
            <a
              className="share-url"
              href={`/v/${share.videoId}`}
              data-testid="share-link"
              onClick={(e) => {
                // leaving this page would cut the last upload request: follow the link once the
                // server has the whole recording (a few seconds at most; the safety copy keeps the rest)
                if (uploadDone || e.metaKey || e.ctrlKey || e.shiftKey) return;
                e.preventDefault();
                onOpenShare(e.currentTarget.href);
              }}
            >
              {share.shareUrl}
            </a>
            <span className="share-actions">
              <CopyButton text={share.shareUrl} className="button button-small" testId="share-copy" />
              <button type="button" className="button button-small" onClick={onAnother}>
                Record another
              </button>
            </span>
          </div>
        )}
    </>
  );
}
