'use client';

import Link from 'next/link';
import { useState } from 'react';
import { api, errorMessage } from '@/lib/shared/client';
import SsoButton from '@/app/SsoButton';

/** Accept as the signed-in account, or make an account for the invited address. */
export default function InviteAccept(props: { token: string; email: string; signedIn: { name: string; email: string } | null; next: string; passwords: boolean; sso: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const here = `/invite/${encodeURIComponent(props.token)}`;
  const accept = async (body: { name?: string; password?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.call('acceptInvite', { params: { token: props.token }, body });
      window.location.assign(props.next);
    } catch (e) {
      setError(errorMessage(e, 'Could not accept the invite.'));
      setBusy(false);
    }
  };
  const failure = error && (
    <div className="error" role="alert" data-testid="invite-accept-error">
      {error}
    </div>
  );
  if (props.signedIn) {
    const same = props.signedIn.email === props.email;
    return (
      <div className="panel auth-form">
        {same ? (
          <p>You are signed in as {props.signedIn.name} ({props.signedIn.email}).</p>
        ) : (
          <p className="notice" data-testid="invite-other-account">
            You are signed in as {props.signedIn.email}, but this invite is for {props.email}. Log out and open the link again, or ask for an invite to {props.signedIn.email}.
          </p>
        )}
        {failure}
        <button type="button" className="button button-primary button-large" disabled={busy || !same} onClick={() => accept({})} data-testid="invite-accept">
          Accept invite
        </button>
      </div>
    );
  }
  return (
    <div className="auth-form">
      {props.sso && <SsoButton name={props.sso} next={here} />}
      {props.sso && props.passwords && <p className="or">or make an account for {props.email}</p>}
      {props.passwords && (
        <form
          className="panel auth-form"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            void accept({ name: String(f.get('name') ?? ''), password: String(f.get('password') ?? '') });
          }}
        >
          <label>
            Email
            <input value={props.email} readOnly aria-readonly="true" />
          </label>
          <label>
            Your name
            <input name="name" autoComplete="name" required maxLength={100} data-testid="invite-name" />
          </label>
          <label>
            Choose a password
            <input name="password" type="password" autoComplete="new-password" minLength={8} required data-testid="invite-password" />
          </label>
          {failure}
          <button type="submit" className="button button-primary button-large" disabled={busy} data-testid="invite-create">
            Create account and accept
          </button>
          <p className="muted small">
            Have an account for {props.email}? <Link href={`/login?next=${encodeURIComponent(here)}`}>Log in</Link> first.
          </p>
        </form>
      )}
    </div>
  );
}
