/**
 * The service worker: starts the offscreen document that records, gets the tab's stream id
 * (tabCapture needs the toolbar button or a shortcut on that tab), shows the camera bubble on the
 * recorded tab, keeps the badge's clock, and acts at Stop (copy and open the link).
 */
import { connectionOf, isServerUrl, loadSettings, saveSettings } from './settings';
import { createClient } from '../../lib/shared/client';
import { hideBubble, hideInk, showBubble, showInk, toggleInk } from './bubble-frame';
import { IDLE, isMessage, type Broadcast, type ConnectResult, type ExtState, type PendingConnect, type RecordRequest, type ToBackground, type ToOffscreen } from './protocol';

const OFFSCREEN = 'offscreen.html';
let last: ExtState = IDLE;
/** The tab showing the bubble. */
let bubbleTab: number | null = null;
/** The recorded tab, with the drawing overlay on it. */
let inkTab: number | null = null;
let lastRequest: RecordRequest | null = null;

async function ensureOffscreen(): Promise<void> {
  if (await chrome.offscreen.hasDocument()) return;
  try {
    await chrome.offscreen.createDocument({
      url: OFFSCREEN,
      reasons: [chrome.offscreen.Reason.USER_MEDIA, chrome.offscreen.Reason.DISPLAY_MEDIA, chrome.offscreen.Reason.CLIPBOARD],
      justification: 'Records the screen, camera and microphone while the popup is closed.',
    });
  } catch (e) {
    // two calls raced: one document is all we need
    if (!(await chrome.offscreen.hasDocument())) throw e;
  }
}

function toOffscreen(m: ToOffscreen): Promise<unknown> {
  return chrome.runtime.sendMessage(m);
}

const LIVE = new Set<ExtState['phase']>(['countdown', 'recording', 'paused']);

function setState(s: ExtState): void {
  const was = last.phase;
  last = s;
  void chrome.storage.session.set({ state: s }).catch(() => undefined);
  void badge(s);
  // the bubble goes when the recording ends (a `setup` before the countdown is the start itself)
  const ended = s.phase === 'finishing' || s.phase === 'done' || s.phase === 'error' || (s.phase === 'setup' && LIVE.has(was));
  if (ended && inkTab !== null) {
    void hideInk(inkTab);
    inkTab = null;
  }
  if (ended && bubbleTab !== null) {
    void hideBubble(bubbleTab);
    bubbleTab = null;
  }
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 600 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}` : `${Math.floor(s / 60)}m`;
}

async function badge(s: ExtState): Promise<void> {
  const [text, color] =
    s.phase === 'recording'
      ? [clock(s.elapsedMs), '#d93025']
      : s.phase === 'paused'
        ? ['II', '#b06000']
        : s.phase === 'countdown'
          ? [String(s.countdown), '#5b4bdb']
          : s.phase === 'finishing'
            ? ['…', '#5b4bdb']
            : s.phase === 'error'
              ? ['!', '#d93025']
              : ['', '#5b4bdb'];
  await chrome.action.setBadgeBackgroundColor({ color });
  await chrome.action.setBadgeText({ text });
  await chrome.action.setTitle({ title: s.phase === 'recording' ? `Recording ${clock(s.elapsedMs)} — click to stop or pause` : 'Record with Weft' });
}

function fail(message: string, fix: ExtState['fix'] = 'retry'): void {
  setState({ ...IDLE, phase: 'error', error: message, fix });
  void chrome.runtime.sendMessage({ to: 'all', type: 'state', state: last } satisfies Broadcast).catch(() => undefined);
}

async function record(req: RecordRequest): Promise<void> {
  const settings = await loadSettings();
  const connection = connectionOf(settings);
  if (!connection) return fail('Connect Weft to your server first.', 'connect');
  lastRequest = req;
  let streamId: string | null = null;
  const tab = req.mode !== 'camera' && req.source === 'tab';
  if (tab) {
    if (req.tabId === null) return fail('Open the tab you want to record, then click the Weft button on it.');
    try {
      streamId = await chrome.tabCapture.getMediaStreamId({ targetTabId: req.tabId });
    } catch (e) {
      return fail(`Chrome will not let Weft record this tab (${(e as Error).message}). Chrome’s own pages and the Web Store cannot be recorded; on another page, click the Weft button first.`);
    }
  }
  await ensureOffscreen();
  let cameraOnScreen = false;
  if (tab && req.mode === 'screen+camera' && req.tabId !== null) {
    const answer = bubbleAnswer();
    if (await showBubble(req.tabId, req.cameraId, req.background ?? 'off')) {
      bubbleTab = req.tabId;
      cameraOnScreen = await answer;
      // a page that forbids cameras in frames (Permissions-Policy): the camera goes into the picture instead
      if (!cameraOnScreen) {
        await hideBubble(req.tabId);
        bubbleTab = null;
      }
    }
  }
  // the tab's title names the video until its transcript suggests a better one (activeTab lets us read it)
  const tabTitle = tab && req.tabId !== null ? ((await chrome.tabs.get(req.tabId).catch(() => null))?.title ?? null) : null;
  // drawing and click rings on the recorded tab (in the picture because they are on the tab)
  if (tab && req.tabId !== null && (await showInk(req.tabId))) inkTab = req.tabId;
  await toOffscreen({ to: 'offscreen', type: 'begin', request: { ...req, tabTitle }, connection, streamId, cameraOnScreen });
}

let onBubble: ((ok: boolean) => void) | null = null;

/** Whether the bubble's camera came up (false after 5 s without an answer). */
function bubbleAnswer(): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => done(false), 5000);
    const done = (ok: boolean) => {
      clearTimeout(t);
      onBubble = null;
      resolve(ok);
    };
    onBubble = done;
  });
}

/** The active tab of the focused window: what a shortcut records. */
async function activeTab(): Promise<number | null> {
  const [t] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  return t?.id ?? null;
}

async function handle(m: ToBackground): Promise<unknown> {
  switch (m.type) {
    case 'record':
      await record(m.request);
      return last;
    case 'ink':
      if (inkTab !== null) await toggleInk(inkTab);
      return last;
    case 'control':
      if (!(await chrome.offscreen.hasDocument())) return last;
      await toOffscreen({ to: 'offscreen', type: 'control', action: m.action });
      return last;
    case 'restart':
      if (await chrome.offscreen.hasDocument()) await toOffscreen({ to: 'offscreen', type: 'control', action: 'cancel' });
      if (lastRequest) await record(lastRequest);
      return last;
    case 'state':
      return last;
    case 'recover': {
      const connection = connectionOf(await loadSettings());
      if (!connection) return fail('Connect Weft to your server first.', 'connect');
      await ensureOffscreen();
      await toOffscreen({ to: 'offscreen', type: 'recover', recording: m.recording, connection });
      return last;
    }
    case 'dismiss':
      if (await chrome.offscreen.hasDocument()) await toOffscreen({ to: 'offscreen', type: 'dismiss' });
      else setState(IDLE);
      return last;
    case 'bubble':
      onBubble?.(m.ok);
      return true;
  }
}

async function onStopped(shareUrl: string): Promise<void> {
  const s = await loadSettings();
  // the popup copies the link when Stop is clicked there; a shortcut or the end of sharing lands here
  await toOffscreen({ to: 'offscreen', type: 'copy', text: shareUrl }).catch(() => false);
  // only a page of the connected server, over http(s)
  if (s.openAfterStop && isServerUrl(shareUrl, s.server)) await chrome.tabs.create({ url: shareUrl });
}

chrome.runtime.onMessage.addListener((m: unknown, _sender, reply) => {
  if (!isMessage(m)) return false;
  if (m.to === 'all') {
    if (m.type === 'state') setState(m.state);
    if (m.type === 'stopped') void onStopped(m.shareUrl);
    return false;
  }
  if (m.to !== 'background') return false;
  handle(m).then(reply, (e: unknown) => {
    fail(e instanceof Error ? e.message : String(e));
    reply(last);
  });
  return true;
});

chrome.commands.onCommand.addListener((command) => {
  void (async () => {
    const active = last.phase === 'recording' || last.phase === 'paused';
    if (command === 'toggle-recording') {
      if (active) return handle({ to: 'background', type: 'control', action: 'stop' });
      if (last.phase === 'countdown' || last.phase === 'finishing') return;
      const s = await loadSettings();
      await record({ mode: s.mode, source: s.source, tabId: await activeTab(), height: s.height, cameraId: s.cameraId, micId: s.micId });
    } else if (command === 'toggle-pause' && active) {
      await handle({ to: 'background', type: 'control', action: last.phase === 'paused' ? 'resume' : 'pause' });
    } else if (command === 'cancel-recording' && (active || last.phase === 'countdown')) {
      await handle({ to: 'background', type: 'control', action: 'cancel' });
    }
  })();
});

// a restarted service worker picks up where it was (the offscreen document kept recording)
void chrome.storage.session.get('state').then((v: { state?: ExtState }) => {
  if (v.state) last = v.state;
});

/**
 * Connect: the server's page answers in the fragment of its own /extension/connected, in the tab
 * the popup opened for this Connect. The answer is taken from that tab only, once (the state is
 * forgotten at the first answer, right or wrong), and traded for a token without following
 * redirects; the tab then shows the extension's own result page. No extension page is open to the
 * web, so no other page can hand the extension a token.
 */
const CONNECT_TTL_MS = 10 * 60_000;

async function finishConnect(pending: PendingConnect, tabId: number, url: string): Promise<void> {
  await chrome.storage.session.remove('connect');
  const answer = new URLSearchParams(new URL(url).hash.slice(1));
  let result: ConnectResult;
  if (answer.get('error') === 'denied') {
    result = { ok: false, heading: 'Not connected', text: 'You did not allow the connection. Click the Weft button to try again.' };
  } else if (answer.get('state') !== pending.state || !answer.get('code')) {
    result = { ok: false, heading: 'Not connected', text: 'This answer does not belong to the Connect started here, so it was ignored. Click the Weft button and use Connect.' };
  } else {
    try {
      const t = await createClient({ baseUrl: pending.server }).call('redeemExtensionGrant', { body: { code: answer.get('code') ?? '', state: pending.state } });
      await saveSettings({ server: pending.server, token: t.token, user: t.user });
      result = { ok: true, heading: 'Connected', text: `Weft records to ${new URL(pending.server).host} as ${t.user.name || t.user.email}. Click the Weft button in the toolbar to record.` };
    } catch (e) {
      result = { ok: false, heading: 'Not connected', text: e instanceof Error ? e.message : 'The server did not accept the connection.' };
    }
  }
  await chrome.storage.session.set({ connectResult: result });
  await chrome.tabs.update(tabId, { url: chrome.runtime.getURL('connected.html') }).catch(() => undefined);
}

/** One answer at a time: Chrome reports a navigation more than once (its URL, then its loading states). */
let answering: Promise<void> = Promise.resolve();

chrome.tabs.onUpdated.addListener((tabId, change) => {
  const url = change.url;
  if (!url) return;
  answering = answering.then(async () => {
    const { connect: pending } = (await chrome.storage.session.get('connect')) as { connect?: PendingConnect };
    if (!pending || pending.tabId !== tabId) return;
    if (Date.now() - pending.at > CONNECT_TTL_MS) return void (await chrome.storage.session.remove('connect'));
    if (!url.startsWith(`${pending.server}/extension/connected#`)) return;
    await finishConnect(pending, tabId, url);
  }).catch(() => undefined);
});

// the tab opened for a Connect was closed: that Connect is over
chrome.tabs.onRemoved.addListener((tabId) => {
  void chrome.storage.session.get('connect').then((v: { connect?: PendingConnect }) => {
    if (v.connect?.tabId === tabId) void chrome.storage.session.remove('connect');
  });
});
