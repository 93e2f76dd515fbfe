'use client';

import { useUnlock } from './use-unlock';

export default function PasswordGate({ videoId, token }: { videoId: string; token: string | null }) {
  const { error, busy, submit } = useUnlock(videoId, token);
  return (
    <form className="panel gate" data-testid="password-gate" onSubmit={submit}>
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
