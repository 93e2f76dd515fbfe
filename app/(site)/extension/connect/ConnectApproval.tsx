'use client';

import { useState } from 'react';
import { api, errorMessage } from '@/lib/client';
import ErrorText from '@/app/ErrorText';

/** Allow / Don't allow: a token scoped to recording goes to the extension's own page, in the fragment. */
export default function ConnectApproval(props: { userName: string; userEmail: string; browser: string; tokenName: string; state: string; returnUrl: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const back = (fragment: Record<string, string>) => {
    // not a page of this app: the extension's own page (chrome-extension://…)
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.href = `${props.returnUrl.replace(/#.*$/, '')}#${new URLSearchParams({ ...fragment, state: props.state })}`;
  };

  async function allow() {
    setBusy(true);
    setError(null);
    try {
      const t = await api.call('createToken', { body: { name: props.tokenName, scope: 'recording' } });
      back({ token: t.token, name: props.userName, email: props.userEmail });
    } catch (e) {
      setError(errorMessage(e, 'Could not make a token for the extension. Try again.'));
      setBusy(false);
    }
  }

  return (
    <div>
      <p className="lede">
        The Weft extension in <strong>{props.browser}</strong> asks to record as <strong>{props.userName}</strong> ({props.userEmail}).
      </p>
      <ul className="muted small">
        <li>It may start, pause and stop recordings, upload them, and list your videos.</li>
        <li>It may not share, change or delete anything.</li>
        <li>
          It appears as “{props.tokenName}” in <a href="/settings">Settings</a>, where you can revoke it at any time.
        </li>
      </ul>
      <div className="row" style={{ marginTop: 20 }}>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void allow()} data-testid="connect-allow" autoFocus>
          {busy ? 'Connecting…' : 'Allow'}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => back({ error: 'denied' })} data-testid="connect-deny">
          Don’t allow
        </button>
      </div>
      <ErrorText message={error} />
    </div>
  );
}
