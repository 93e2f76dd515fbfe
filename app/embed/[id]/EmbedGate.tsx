'use client';

import { useUnlock } from '@/app/player/use-unlock';

/** A password-protected video in a frame: ask for the password here, then play. */
export default function EmbedGate({ videoId, token }: { videoId: string; token: string | null }) {
  const { error, busy, submit } = useUnlock(videoId, token);
  return (
    <form className="embed-message embed-gate" data-testid="embed-gate" onSubmit={submit}>
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
