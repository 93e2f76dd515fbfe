'use client';

import Link from 'next/link';
import { useState } from 'react';
import { safeNextPath } from '@/lib/platform/http/next-path';
import { api, errorMessage } from '@/lib/shared/client';

/** Sign-up and log-in form: posts JSON, shows the server's message, then goes to `next`. */
export default function AuthForm({ mode, next }: { mode: 'login' | 'signup'; next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signup = mode === 'signup';

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    const body = Object.fromEntries(form.entries());
    try {
      if (signup) await api.call('signup', { body: { email: String(body.email ?? ''), password: String(body.password ?? ''), name: String(body.name ?? '') } });
      else await api.call('login', { body: { email: String(body.email ?? ''), password: String(body.password ?? '') } });
      window.location.assign(safeNextPath(next, window.location.origin));
    } catch (err) {
      setError(errorMessage(err, 'Could not reach the server.'));
      setBusy(false);
    }
  }

  return (
    <form className="panel auth-form" onSubmit={submit}>
      {signup && (
        <label>
          Name
          <input name="name" autoComplete="name" required maxLength={100} data-testid="auth-name" />
        </label>
      )}
      <label>
        Email
        <input name="email" type="email" autoComplete="email" required data-testid="auth-email" />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete={signup ? 'new-password' : 'current-password'}
          required
          minLength={signup ? 8 : undefined}
          aria-describedby={signup ? 'password-hint' : undefined}
          data-testid="auth-password"
        />
        {signup && (
          <span id="password-hint" className="muted small" style={{ fontWeight: 400 }}>
            At least 8 characters.
          </span>
        )}
      </label>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <button type="submit" className="button button-primary button-large" disabled={busy} data-testid="auth-submit">
        {signup ? 'Create account' : 'Log in'}
      </button>
      <p className="muted small">
        {signup ? (
          <>
            Have an account? <Link href={`/login?next=${encodeURIComponent(next)}`}>Log in</Link>
          </>
        ) : (
          <>
            New here? <Link href={`/signup?next=${encodeURIComponent(next)}`}>Create an account</Link>
          </>
        )}
      </p>
    </form>
  );
}
