'use client';

import { useState } from 'react';
import { REACTIONS } from '@/lib/shared/api/enums';
import { api, errorMessage } from '@/lib/shared/client';
import ErrorText from '@/app/ErrorText';
import LoginHere from '@/app/LoginHere';

/**
 * Eight emoji; a click drops one at the current moment of the video. Reactions follow the comment
 * setting: where this viewer may not react, the buttons are shown as off, with the reason (and
 * "Log in" where that would help) instead of a refusal after a click.
 */
export default function ReactionBar({
  videoId,
  token,
  time,
  onSent,
  may,
}: {
  videoId: string;
  token: string | null;
  time: () => number;
  onSent(): void;
  may: 'yes' | 'log_in' | 'closed';
}) {
  const [error, setError] = useState<string | null>(null);
  const off = may !== 'yes';
  return (
    <div className={off ? 'reaction-bar off' : 'reaction-bar'} role="group" aria-label="React at this moment" data-testid="reaction-bar">
      {REACTIONS.map((emoji) => (
        <button
          key={emoji}
          type="button"
          className="reaction-button"
          aria-label={`React ${emoji}`}
          disabled={off}
          onClick={async (e) => {
            const button = e.currentTarget;
            setError(null);
            try {
              await api.call('addReaction', { params: { id: videoId }, query: { token }, body: { emoji, atSec: time() } });
              onSent();
            } catch (err) {
              setError(errorMessage(err, 'Could not send the reaction.'));
            } finally {
              // a mouse click leaves no highlight behind (the keyboard's focus ring stays)
              if (!button.matches(':focus-visible')) button.blur();
            }
          }}
        >
          {emoji}
        </button>
      ))}
      {may === 'log_in' && (
        <span className="muted small reaction-note" data-testid="reaction-note">
          <LoginHere /> to react.
        </span>
      )}
      {may === 'closed' && (
        <span className="muted small reaction-note" data-testid="reaction-note">
          Reactions are off for this video.
        </span>
      )}
      <ErrorText message={error} />
    </div>
  );
}
