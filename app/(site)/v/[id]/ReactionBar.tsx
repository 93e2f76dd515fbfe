'use client';

import { useState } from 'react';
import { REACTIONS } from '@/lib/api/enums';
import { api, ApiError } from '@/lib/client';

/** Eight emoji; a click drops one at the current moment of the video. */
export default function ReactionBar({ videoId, token, time, onSent }: { videoId: string; token: string | null; time: () => number; onSent(): void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="reaction-bar" role="group" aria-label="React at this moment" data-testid="reaction-bar">
      {REACTIONS.map((emoji) => (
        <button
          key={emoji}
          type="button"
          className="reaction-button"
          aria-label={`React ${emoji}`}
          onClick={async () => {
            setError(null);
            try {
              await api.call('addReaction', { params: { id: videoId }, query: { token }, body: { emoji, atSec: time() } });
              onSent();
            } catch (e) {
              setError(e instanceof ApiError ? e.message : 'Could not send the reaction.');
            }
          }}
        >
          {emoji}
        </button>
      ))}
      {error && (
        <span className="small error-text" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
