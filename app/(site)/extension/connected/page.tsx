import type { Metadata } from 'next';
import ConnectedNotice from './ConnectedNotice';

export const metadata: Metadata = { title: 'Connecting the extension', referrer: 'no-referrer' };

/**
 * Where the connect page sends the browser: the answer is in the fragment (never sent to a server),
 * and the Weft extension takes it from the tab it opened. Without the extension nothing happens
 * here, and the one-time code expires unused (no token is ever made for it).
 */
export default function ConnectedPage() {
  return (
    <div className="auth">
      <h1>Connecting the extension…</h1>
      <ConnectedNotice />
    </div>
  );
}
