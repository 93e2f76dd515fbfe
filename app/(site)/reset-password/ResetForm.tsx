'use client';

import Link from 'next/link';
import { useState } from 'react';
import { api, errorMessage } from '@/lib/shared/client';

/** Asks for a reset e-mail, or (with the e-mail's token) sets the new password and signs in. */
export default function ResetForm({ token }: { token: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (sent) {
    return (
      <div className="panel auth-form" role="status" data-testid="reset-sent">
        <p>If an account uses {sent}, an e-mail with a link is on its way. It works once, for an hour.</p>
        <Link href="/login">Back to log in</Link>
      </div>
    );
  }
  return (
    <form
      className="panel auth-form"
      data-testid={token ? 'reset-confirm-form' : 'reset-request-form'}
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        setBusy(true);
        setError(null);
        try {
          if (token) {
            const password = String(f.get('password') ?? '');
            if (password !== String(f.get('confirm') ?? '')) throw new Error('The two passwords differ.');
            await api.call('confirmPasswordReset', { body: { token, password } });
            // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load on purpose: the session or workspace changed, and every server-rendered part must follow
            window.location.assign('/');
            return;
          }
          const email = String(f.get('email') ?? '');
          await api.call('requestPasswordReset', { body: { email } });
          setSent(email);
        } catch (err) {
          setError(errorMessage(err, 'Could not reach the server.'));
        }
        setBusy(false);
      }}
    >
      {token ? (
        <>
          <label>
            New password
            <input name="password" type="password" autoComplete="new-password" minLength={8} required data-testid="reset-password" />
          </label>
          <label>
            New password again
            <input name="confirm" type="password" autoComplete="new-password" minLength={8} required data-testid="reset-password-confirm" />
          </label>
        </>
      ) : (
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required data-testid="reset-email" />
        </label>
      )}
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <button type="submit" className="button button-primary button-large" disabled={busy} data-testid="reset-submit">
        {token ? 'Set password and log in' : 'E-mail me a link'}
      </button>
    </form>
  );
}
