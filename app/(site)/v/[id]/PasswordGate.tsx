'use client';

import { useState } from 'react';
import { api, ApiError } from '@/lib/client';

export default function PasswordGate({ videoId, token }: { videoId: string; token: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="panel gate"
      data-testid="password-gate"
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
      <h1>This video is protected</h1>
      <p className="muted">Enter the password the owner gave you.</p>
      <label>
        Password
        <input name="password" type="password" required autoFocus data-testid="video-password" />
      </label>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <button type="submit" className="button button-primary" disabled={busy} data-testid="video-unlock">
        Watch
      </button>
    </form>
  );
}
