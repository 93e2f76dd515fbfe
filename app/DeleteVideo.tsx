'use client';

import { useState } from 'react';
import { api, errorMessage } from '@/lib/shared/client';
import ConfirmDialog from './ConfirmDialog';

/** Delete, after a question; `onDeleted` runs once the server has hidden the video (Undo is offered there). */
export default function DeleteVideo({
  videoId,
  title,
  onDeleted,
  compact = false,
  testId = 'video-delete',
}: {
  videoId: string;
  title: string;
  onDeleted: () => void;
  compact?: boolean;
  testId?: string;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className={compact ? 'icon-button icon-button-danger' : 'button button-small'}
        aria-label={`Delete “${title}”`}
        title="Delete"
        data-testid={testId}
        onClick={() => {
          setError(null);
          setAsking(true);
        }}
      >
        {compact ? (
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <path d="M4 6h12M8 6V4h4v2M6 6l1 11h6l1-11" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" strokeLinecap="round" />
          </svg>
        ) : (
          'Delete'
        )}
      </button>
      {error && (
        <span className="error-text small" role="alert">
          {error}
        </span>
      )}
      {asking && (
      <ConfirmDialog
        open
        danger
        busy={busy}
        title="Delete this video?"
        text={`“${title}” disappears for everyone at once, with its link, comments and insights. You can undo it for a few minutes.`}
        confirm="Delete"
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setBusy(true);
          void api
            .call('deleteVideo', { params: { id: videoId } })
            .then(() => {
              setAsking(false);
              onDeleted();
            })
            .catch((e: unknown) => {
              setAsking(false);
              setError(errorMessage(e, 'Could not delete the video.'));
            })
            .finally(() => setBusy(false));
        }}
      />
      )}
    </>
  );
}
