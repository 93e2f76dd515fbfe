'use client';

import { useState } from 'react';
import { api, errorMessage } from '@/lib/shared/client';

/** Change the password: the current one, the new one twice; the other sessions end. */
export default function ChangePassword({ hasPassword }: { hasPassword: boolean }) {
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="form-grid"
      data-testid="change-password"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        const password = String(f.get('password') ?? '');
        if (password !== String(f.get('confirm') ?? '')) return setNote({ text: 'The two new passwords differ.', error: true });
        setBusy(true);
        setNote(null);
        try {
          await api.call('changePassword', { body: { currentPassword: String(f.get('current') ?? ''), password } });
          form.reset();
          setNote({ text: 'Password changed. Your other sessions were signed out.', error: false });
        } catch (err) {
          setNote({ text: errorMessage(err, 'Could not change the password.'), error: true });
        } finally {
          setBusy(false);
        }
      }}
    >
      {hasPassword && (
        <label>
          Current password
          <input name="current" type="password" autoComplete="current-password" required data-testid="current-password" />
        </label>
      )}
      <label>
        New password
        <input name="password" type="password" autoComplete="new-password" minLength={8} required data-testid="new-password" />
      </label>
      <label>
        New password again
        <input name="confirm" type="password" autoComplete="new-password" minLength={8} required data-testid="confirm-password" />
      </label>
      <div className="row">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="change-password-submit">
          {hasPassword ? 'Change password' : 'Set a password'}
        </button>
        {note && (
          <span className={note.error ? 'error small' : 'muted small'} role={note.error ? 'alert' : 'status'} data-testid="change-password-message">
            {note.text}
          </span>
        )}
      </div>
    </form>
  );
}
