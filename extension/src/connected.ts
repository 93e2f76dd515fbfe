/**
 * connected.html: the extension's own page, opened by the service worker in the tab of a Connect
 * once it has the answer (background.ts). It only shows that answer; it is not open to web pages.
 */
import type { ConnectResult } from './protocol';

const out = document.getElementById('message');
const title = document.getElementById('title');

async function show(): Promise<void> {
  const v = (await chrome.storage.session.get('connectResult')) as { connectResult?: ConnectResult };
  const r = v.connectResult ?? { ok: false, heading: 'Not connected', text: 'Click the Weft button in the toolbar and use Connect.' };
  await chrome.storage.session.remove('connectResult');
  if (title) title.textContent = r.heading;
  if (out) out.textContent = r.text;
  document.body.dataset.result = r.ok ? 'connected' : 'failed';
}

void show();
