'use client';

import { useState } from 'react';
import { api, errorMessage } from '@/lib/shared/client';
import ErrorText from '@/app/ErrorText';

/**
 * Allow / Don't allow. Allow makes a one-time code for the extension's state (no token yet); the
 * answer goes in the fragment of this server's /extension/connected, in the tab the extension
 * opened, which the extension watches and takes it from.
 */
export default function ConnectApproval(props: { userName: string; userEmail: string; browser: string; tokenName: string; state: string; returnUrl: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const back = (fragment: Record<string, string>) => {
    window.location.replace(`${props.returnUrl.replace(/#.*$/, '')}#${new URLSearchParams({ ...fragment, state: props.state })}`);
  };

  async function allow() {
    setBusy(true);
    setError(null);
    try {
      const g = await api.call('createExtensionGrant', { body: { state: props.state, browser: props.browser } });
      back({ code: g.code });
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
