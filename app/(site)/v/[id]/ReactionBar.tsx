'use client';

import { useState } from 'react';
import { REACTIONS } from '@/lib/api/enums';
import { api, errorMessage } from '@/lib/client';
import ErrorText from '@/app/ErrorText';

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
              setError(errorMessage(e, 'Could not send the reaction.'));
            }
          }}
        >
          {emoji}
        </button>
      ))}
      <ErrorText message={error} />
    </div>
  );
}
