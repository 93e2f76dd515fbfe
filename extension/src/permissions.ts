/**
 * permissions.html, in a tab (a popup closes when Chrome's prompt takes the focus):
 * - without `?server=`: asks for the camera and microphone once; the offscreen document and the
 *   bubble use the same grant;
 * - with `?server=<origin>`: asks to reach that Weft (the Connect of the popup), then turns this
 *   tab into the server's approval page. Where Chrome shows no prompt (a managed browser, a
 *   policy), it says so and what to do instead.
 */
import { openApproval, weftAnswers } from './connect-start';
import { serverOrigin } from './settings';

const out = document.getElementById('message');
const button = document.getElementById('allow') as HTMLButtonElement | null;
const title = document.getElementById('title');
const lede = document.getElementById('lede');
const say = (text: string) => {
  if (out) out.textContent = text;
};

async function askMedia(): Promise<void> {
  try {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    s.getTracks().forEach((t) => t.stop());
    say('Camera and microphone allowed. This tab closes itself; click the Weft button to record.');
    document.body.dataset.result = 'allowed';
    setTimeout(() => window.close(), 1500);
  } catch (e) {
    say(
      e instanceof DOMException && e.name === 'NotAllowedError'
        ? 'Chrome did not allow them. Click the camera icon in the address bar (or Settings › Privacy › Site settings) to allow Weft, then try again.'
        : `No camera or microphone answered (${(e as Error).message}). You can still record the screen without them.`,
    );
    document.body.dataset.result = 'refused';
  }
}

async function askServer(origin: string): Promise<void> {
  const host = new URL(origin).host;
  let granted = false;
  try {
    // called straight from the click: Chrome shows its prompt only for a user's gesture
    granted = await chrome.permissions.request({ origins: [`${origin}/*`] });
  } catch (e) {
    say(
      `Chrome could not show its permission prompt here (${(e as Error).message}). If this browser is managed, ask its administrator to allow the Weft extension on ${host}; ` +
        `meanwhile you can record at ${origin}/record in this browser.`,
    );
    document.body.dataset.result = 'no-prompt';
    return;
  }
  if (!granted) {
    say(`Without access to ${host}, Weft cannot upload your recordings there. Click the button to be asked again.`);
    document.body.dataset.result = 'refused';
    return;
  }
  if (!(await weftAnswers(origin))) {
    say(`Allowed, but no Weft answers at ${origin}. Check the address and that the server is running, then Connect again from the Weft button.`);
    document.body.dataset.result = 'unreachable';
    return;
  }
  document.body.dataset.result = 'allowed';
  const here = await chrome.tabs.getCurrent();
  await openApproval(origin, here?.id);
}

const server = new URLSearchParams(window.location.search).get('server');
const origin = server ? serverOrigin(server) : null;
if (server && !origin) {
  say('That is not a server address. Open the Weft button and type it like weft.example.com.');
} else if (origin) {
  const host = new URL(origin).host;
  document.title = `Connect to ${host} — Weft`;
  if (title) title.textContent = `Connect to ${host}`;
  if (lede) lede.textContent = `Weft uploads your recordings to ${host}. Chrome asks you once to let the extension reach it; then you sign in there and allow this browser.`;
  if (button) button.textContent = `Allow and connect`;
  button?.addEventListener('click', () => void askServer(origin));
} else {
  button?.addEventListener('click', () => void askMedia());
  void askMedia();
}
