'use client';

import { useState } from 'react';
import { api, ApiError } from '@/lib/client';

/** A password-protected video in a frame: ask for the password here, then play. */
export default function EmbedGate({ videoId, token }: { videoId: string; token: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="embed-message embed-gate"
      data-testid="embed-gate"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const password = String(new FormData(e.currentTarget).get('password') ?? '');
        try {
          await api.call('unlock', { params: { id: videoId }, body: token ? { password, token } : { password } });
          window.location.reload();
        } catch (err) {
          setError(err instanceof ApiError ? err.message : 'Could not reach the server.');
          setBusy(false);
        }
      }}
    >
      <strong>This video is protected</strong>
      <label>
        <span className="sr-only">Password</span>
        <input name="password" type="password" required placeholder="Password" autoComplete="off" data-testid="embed-password" />
      </label>
      <button type="submit" className="button button-primary" disabled={busy}>
        Watch
      </button>
      {error && (
        <span className="embed-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
