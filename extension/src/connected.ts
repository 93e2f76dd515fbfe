/**
 * connected.html: where the server's connect page sends the browser after the person approved.
 * The token arrives in the fragment (never sent to any server) with the state this extension made
 * when Connect was clicked; a page that did not start from our Connect cannot plant a token.
 */
import { saveSettings } from './settings';

const out = document.getElementById('message');
const title = document.getElementById('title');

function say(heading: string, text: string, ok: boolean): void {
  if (title) title.textContent = heading;
  if (out) out.textContent = text;
  document.body.dataset.result = ok ? 'connected' : 'failed';
}

async function finish(): Promise<void> {
  const p = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, '', location.pathname);
  const pending = (await chrome.storage.session.get('connect')) as { connect?: { state: string; server: string } };
  const expected = pending.connect;
  if (p.get('error') === 'denied') return say('Not connected', 'You did not allow the connection. Click the Weft button to try again.', false);
  const token = p.get('token');
  if (!expected || !token || p.get('state') !== expected.state) {
    return say('Not connected', 'This connection was not started from this browser’s Weft button, so it was ignored. Click the Weft button and use Connect.', false);
  }
  await chrome.storage.session.remove('connect');
  const user = { name: p.get('name') ?? '', email: p.get('email') ?? '' };
  await saveSettings({ server: expected.server, token, user });
  say('Connected', `Weft records to ${new URL(expected.server).host} as ${user.name || user.email}. Click the Weft button in the toolbar to record.`, true);
}

void finish();
