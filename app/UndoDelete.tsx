'use client';

import { useState } from 'react';
import type { VideoView } from '@/lib/videos/view';
import { api, errorMessage } from '@/lib/shared/client';

/** "“Title” deleted · Undo": stays until closed; Undo brings the video back while its removal has not begun. */
export default function UndoDelete({ videoId, title, onRestored, onClose }: { videoId: string; title: string; onRestored: (video: VideoView) => void; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="toast" role="status" data-testid="undo-delete">
      <span>
        <strong>“{title}”</strong> was deleted.
      </span>
      {error ? (
        <span className="error-text small" role="alert">
          {error}
        </span>
      ) : (
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          data-testid="undo-delete-button"
          onClick={() => {
            setBusy(true);
            void api
              .call('restoreVideo', { params: { id: videoId } })
              .then((v) => onRestored(v))
              .catch((e: unknown) => setError(errorMessage(e, 'Could not bring the video back.')))
              .finally(() => setBusy(false));
          }}
        >
          Undo
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
