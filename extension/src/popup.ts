/**
 * The toolbar popup: connect, choose what to record, start; while recording: time, pause, stop,
 * restart, cancel. It holds nothing itself — the recording runs in the offscreen document and
 * goes on when the popup closes; reopening shows where it is.
 */
import { openApproval, weftAnswers } from './connect-start';
import { ApiError, createClient, type ApiClient } from '../../lib/shared/client';
import { listDevices, micLevelMeter, openCamera, openMic, type Mode } from '../../lib/record/browser/capture';
import { startCameraEffect } from '../../lib/record/browser/compositor';
import { backgroundBitmap } from '../../lib/record/browser/picture';
import { spoolDelete, spoolList, type SpooledRecording } from '../../lib/record/browser/spool';
import { describeError } from './errors';
import { IDLE, isMessage, type ExtState, type Fix, type Source, type ToBackground } from './protocol';
import { chooseBackground, chooseProfile, connectionOf, isServerUrl, loadSettings, saveSettings, serverOrigin, type Settings } from './settings';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`popup: #${id} is missing`);
  return el as T;
};

let settings: Settings;
let state: ExtState = IDLE;
let client: ApiClient | null = null;
/** An error of the popup itself (connect, devices), shown over the recorder's. */
let local: { message: string; fix: Fix | null } | null = null;
let copied = false;
const stopMedia: Array<() => void> = [];

function send(m: ToBackground): Promise<ExtState> {
  return chrome.runtime.sendMessage(m) as Promise<ExtState>;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60));
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

function mb(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function show(view: 'connect' | 'setup' | 'countdown' | 'recording' | 'done'): void {
  for (const s of document.querySelectorAll<HTMLElement>('section[data-view]')) s.hidden = s.dataset.view !== view;
  document.body.dataset.view = view;
}

const FIX_LABEL: Record<Fix, string> = { connect: 'Connect again', permissions: 'Allow camera and microphone', retry: 'Try again' };

function render(): void {
  const connected = !!connectionOf(settings);
  $('who').textContent = connected && settings.user ? settings.user.name || settings.user.email : '';
  $('disconnect').hidden = !connected || state.phase === 'recording' || state.phase === 'paused';
  $('server-line').textContent = connected && settings.server ? new URL(settings.server).host : '';

  const err = local ?? (state.error ? { message: state.error, fix: state.fix } : null);
  $('error').hidden = !err;
  if (err) {
    $('error-text').textContent = err.message;
    const fix = $('error-fix');
    fix.hidden = !err.fix;
    if (err.fix) fix.textContent = FIX_LABEL[err.fix];
    fix.dataset.fix = err.fix ?? '';
  }

  const notes = $('notes');
  notes.replaceChildren(...state.notes.map((n) => Object.assign(document.createElement('li'), { textContent: n })));

  const p = state.phase;
  if (!connected) return show('connect');
  if (p === 'countdown') {
    $('countdown').textContent = state.countdown > 0 ? String(state.countdown) : '';
    return show('countdown');
  }
  if (p === 'recording' || p === 'paused') {
    $('elapsed').textContent = clock(state.elapsedMs);
    $('dot').className = p === 'paused' ? 'dot paused' : 'dot';
    $('pause').textContent = p === 'paused' ? 'Resume' : 'Pause';
    $('upload-line').textContent = p === 'paused' ? 'Paused' : `Uploading as you record · ${mb(state.uploaded)} of ${mb(state.recorded)}`;
    const effects = [state.noiseSuppression ? 'Noise suppression on' : 'Noise suppression off'];
    if (!state.effect && settings.mode !== 'screen' && settings.background !== 'off') {
      // the bubble on the tab does the effect itself (the offscreen recorder does not draw the camera)
      effects.push(settings.background === 'image' ? 'picture behind you' : 'background blurred');
    } else if (state.effect && state.effect.background !== 'off') {
      const what = state.effect.background === 'image' ? 'picture behind you' : 'background blur';
      effects.push(state.effect.state === 'on' ? (state.effect.background === 'image' ? what : 'background blurred') : `${what} ${state.effect.state}`);
    }
    // the background can change while recording, wherever the camera is
    $('background-live-row').hidden = settings.mode === 'screen';
    backgroundChoice($<HTMLSelectElement>('background-live'));
    $('effects-line').textContent = effects.join(' · ');
    // drawing is on the recorded tab
    $('draw').hidden = !(settings.mode !== 'camera' && settings.source === 'tab');
    return show('recording');
  }
  if ((p === 'finishing' || p === 'done') && state.share) {
    const link = $<HTMLAnchorElement>('share-link');
    link.href = state.share.shareUrl;
    link.textContent = state.share.shareUrl;
    $('done-title').textContent = copied ? 'Link copied' : p === 'finishing' ? 'Finishing…' : 'Your video is ready to share';
    const pct = state.uploadDone ? 100 : state.recorded > 0 ? Math.min(100, Math.round((state.uploaded / state.recorded) * 100)) : 0;
    $('progress').style.width = `${pct}%`;
    $('done-upload').textContent = state.uploadDone ? `Uploaded ${mb(state.recorded)}` : `Uploading… ${pct}%`;
    return show('done');
  }
  show('setup');
}

// ---------- setup: choices, devices, level meter ----------

function radios(name: string): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)];
}

function applyChoices(): void {
  for (const r of radios('mode')) r.checked = r.value === settings.mode;
  for (const r of radios('source')) r.checked = r.value === settings.source;
  $('source').hidden = settings.mode === 'camera';
  $<HTMLSelectElement>('height').value = String(settings.height);
  const profile = $<HTMLSelectElement>('profile');
  profile.replaceChildren(...settings.profiles.profiles.map((p) => new Option(p.name, p.id)));
  profile.value = settings.profiles.current;
  $<HTMLInputElement>('noise').checked = settings.noiseSuppression;
  backgroundChoice($<HTMLSelectElement>('background'));
  $('background').hidden = settings.mode === 'screen';
  $('background-label').hidden = settings.mode === 'screen';
  $('picture').hidden = settings.mode === 'screen';
  $<HTMLInputElement>('open-after').checked = settings.openAfterStop;
}

/** A background select showing the profile's choice; Picture is offered once there is a picture. */
function backgroundChoice(select: HTMLSelectElement): void {
  const image = select.querySelector<HTMLOptionElement>('option[value="image"]');
  if (image) image.disabled = !settings.backgroundImage;
  select.value = settings.background === 'image' && !settings.backgroundImage ? 'off' : settings.background;
}

/** The picture page, in a tab (a file chooser takes the focus, and a popup closes when it loses it). */
function openPicturePage(): void {
  void chrome.tabs.create({ url: chrome.runtime.getURL('picture.html') });
  window.close();
}

async function onBackground(select: HTMLSelectElement): Promise<void> {
  const v = select.value === 'blur' || select.value === 'image' ? select.value : 'off';
  if (v === 'image' && !settings.backgroundImage) return openPicturePage();
  settings = await chooseBackground(v);
  render();
  // the preview shows the new background
  if (state.phase === 'setup') void refreshDevices();
}

function fillSelect(select: HTMLSelectElement, devices: MediaDeviceInfo[], chosen: string | null, none: string): void {
  const opts = devices.map((d, i) => new Option(d.label || `${none.split(' ')[1] ?? 'Device'} ${i + 1}`, d.deviceId));
  if (devices.length === 0) opts.push(new Option(none, ''));
  select.replaceChildren(...opts);
  if (chosen && devices.some((d) => d.deviceId === chosen)) select.value = chosen;
}

/**
 * The camera preview with the profile's background, through the same compositor worker and model as
 * the bubble: what is seen here is what gets recorded. The plain camera when the effect is off.
 */
async function withBackground(cam: MediaStream): Promise<{ stream: MediaStream; stop(): void }> {
  const plain = { stream: cam, stop: () => undefined };
  const track = cam.getVideoTracks()[0];
  const image = settings.background === 'image' ? await backgroundBitmap(settings.backgroundImage) : null;
  if (!track || settings.background === 'off' || (settings.background === 'image' && !image)) return plain;
  const w = startCameraEffect(track, { background: settings.background, ...(image ? { image } : {}) }, {
    assets: chrome.runtime.getURL('recorder/'),
    workerUrl: chrome.runtime.getURL('compositor-worker.js'),
    onEffect: (r) => ($('camera-preview').dataset.effect = r.state),
  });
  return w ? { stream: w.stream, stop: () => w.stop() } : plain;
}

/** Counts device refreshes and starts: a refresh overtaken by either lets go of what it opened. */
let mediaGeneration = 0;

async function refreshDevices(): Promise<void> {
  stopMedia.splice(0).forEach((s) => s());
  const generation = ++mediaGeneration;
  // devices have names only once this page has opened one: open first, then list
  let allowed = true;
  let mic: MediaStream | null = null;
  try {
    mic = await openMic(settings.micId);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'NotAllowedError') allowed = false;
  }
  const preview = $<HTMLVideoElement>('camera-preview');
  preview.hidden = true;
  if (settings.mode !== 'screen') {
    try {
      const cam = await openCamera(settings.cameraId, 240);
      const shown = await withBackground(cam);
      const release = () => {
        shown.stop();
        cam.getTracks().forEach((t) => t.stop());
      };
      if (generation !== mediaGeneration) {
        release();
        mic?.getTracks().forEach((t) => t.stop());
        return;
      }
      stopMedia.push(release);
      preview.srcObject = shown.stream;
      preview.hidden = false;
      void preview.play().catch(() => undefined);
    } catch (e) {
      if (e instanceof DOMException && e.name === 'NotAllowedError') allowed = false;
    }
  }
  const devices = await listDevices().catch(() => ({ cameras: [], mics: [] }));
  fillSelect($<HTMLSelectElement>('camera'), devices.cameras, settings.cameraId, 'No camera');
  fillSelect($<HTMLSelectElement>('mic'), devices.mics, settings.micId, 'No microphone');
  $('allow').hidden = allowed;
  if (!mic) return;
  if (generation !== mediaGeneration) return mic.getTracks().forEach((t) => t.stop());
  const stream = mic;
  const meter = micLevelMeter(stream);
  let raf = 0;
  const tick = () => {
    const v = Math.round(meter.level() * 100);
    $('level').style.width = `${v}%`;
    document.querySelector('.meter')?.setAttribute('aria-valuenow', String(v));
    raf = requestAnimationFrame(tick);
  };
  tick();
  stopMedia.push(() => {
    cancelAnimationFrame(raf);
    meter.stop();
    stream.getTracks().forEach((t) => t.stop());
  });
}

// ---------- lists: unfinished and recent recordings ----------

async function renderPending(): Promise<void> {
  const all = await spoolList().catch((): SpooledRecording[] => []);
  const pending = all.filter((r) => r.sessionId !== state.sessionId && state.recovering !== r.sessionId);
  $('pending').hidden = pending.length === 0;
  $('pending-list').replaceChildren(
    ...pending.map((r) => {
      const li = document.createElement('li');
      const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(r.startedAt));
      // every saved recording knows its server: it is finished there or not at all
      const elsewhere = !isServerUrl(r.shareUrl, settings.server);
      const host = (() => {
        try {
          return new URL(r.shareUrl).host;
        } catch {
          return 'another server';
        }
      })();
      li.append(Object.assign(document.createElement('span'), { textContent: `${when} · ${mb(r.bytes)}${elsewhere ? ` · for ${host}` : ''}` }));
      const finish = Object.assign(document.createElement('button'), { type: 'button', className: 'primary small', textContent: 'Finish upload', disabled: elsewhere });
      if (elsewhere) finish.title = `Connect to ${host} to finish this upload.`;
      finish.dataset.testid = 'ext-recover';
      finish.addEventListener('click', () => void send({ to: 'background', type: 'recover', recording: r }).then(update));
      const discard = Object.assign(document.createElement('button'), { type: 'button', className: 'link', textContent: 'Discard' });
      discard.addEventListener('click', () => void spoolDelete(r.sessionId).then(renderPending));
      li.append(finish, discard);
      return li;
    }),
  );
}

const STATUS: Record<string, string> = { uploading: 'Uploading', processing: 'Processing', playable: 'Playable', ready: 'Ready', failed: 'Failed' };

async function renderRecent(): Promise<void> {
  if (!client) return;
  try {
    const { videos } = await client.call('listVideos', {});
    const recent = videos.slice(0, 5);
    $('recent').hidden = recent.length === 0;
    $('recent-list').replaceChildren(
      ...recent.map((v) => {
        const li = document.createElement('li');
        const a = Object.assign(document.createElement('a'), { href: `${settings.server}/v/${v.id}`, target: '_blank', rel: 'noopener', textContent: v.title });
        const s = Object.assign(document.createElement('span'), { className: `status ${v.status}`, textContent: STATUS[v.status] ?? v.status });
        s.dataset.testid = 'ext-recent-status';
        li.append(a, s);
        return li;
      }),
    );
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) local = describeError(e, settings.server ?? '');
    render();
  }
}

// ---------- actions ----------

async function targetTab(): Promise<number | null> {
  // opened in a tab of its own (keyboard users, tests): the tab to record is named in the address
  const named = new URLSearchParams(location.search).get('tab');
  if (named) return Number(named);
  const [t] = await chrome.tabs.query({ active: true, currentWindow: true });
  return t?.id ?? null;
}

async function start(): Promise<void> {
  local = null;
  copied = false;
  // the popup's own camera and microphone are let go before the recorder opens them
  mediaGeneration += 1;
  stopMedia.splice(0).forEach((s) => s());
  const request = {
    mode: settings.mode,
    source: settings.source,
    tabId: await targetTab(),
    height: settings.height,
    cameraId: settings.cameraId,
    micId: settings.micId,
    background: settings.background === 'image' && !settings.backgroundImage ? ('off' as const) : settings.background,
    backgroundImage: settings.background === 'image' ? settings.backgroundImage : null,
    noiseSuppression: settings.noiseSuppression,
  };
  update(await send({ to: 'background', type: 'record', request }));
}

async function stop(): Promise<void> {
  // the link is known since the start: copy it now, while the click still counts as the person's
  if (state.share) {
    copied = await navigator.clipboard.writeText(state.share.shareUrl).then(
      () => true,
      () => false,
    );
  }
  update(await send({ to: 'background', type: 'control', action: 'stop' }));
}

async function connect(input: string): Promise<void> {
  local = null;
  const origin = serverOrigin(input);
  if (!origin) {
    local = /^\s*http:\/\//i.test(input)
      ? { message: 'Weft connects over https (plain http only to this computer, like http://localhost:3000): your recording token must not cross a network in clear.', fix: null }
      : { message: 'That is not a server address. Type it like weft.example.com or http://localhost:3000.', fix: null };
    return render();
  }
  const want = { origins: [`${origin}/*`] };
  if (!(await chrome.permissions.contains(want))) {
    // Chrome's prompt takes the focus and closes a popup before it answers (or cannot show over
    // one at all): it is asked in a tab, which then goes on to the approval page
    await chrome.tabs.create({ url: chrome.runtime.getURL(`permissions.html?server=${encodeURIComponent(origin)}`) });
    window.close();
    return;
  }
  if (!(await weftAnswers(origin))) {
    local = { message: `Cannot reach a Weft server at ${origin}. Check the address and that the server is running.`, fix: null };
    return render();
  }
  // one state per Connect; the answer is taken only from the tab opened here (background.ts)
  await openApproval(origin);
  window.close();
}

async function fix(kind: string): Promise<void> {
  if (kind === 'connect') {
    await saveSettings({ token: null, user: null });
    settings = await loadSettings();
    local = null;
    await send({ to: 'background', type: 'dismiss' });
    render();
    $<HTMLInputElement>('server').value = settings.server ?? '';
    $('server').focus();
  } else if (kind === 'permissions') {
    await chrome.tabs.create({ url: chrome.runtime.getURL('permissions.html') });
  } else {
    local = null;
    update(await send({ to: 'background', type: 'dismiss' }));
  }
}

function update(s: ExtState): void {
  const was = state.phase;
  state = s;
  render();
  if (s.phase === 'setup' && was !== 'setup') void refreshDevices();
  if (s.phase === 'done' && was !== 'done') void renderRecent();
}

function wire(): void {
  $('connect-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void connect($<HTMLInputElement>('server').value);
  });
  $('disconnect').addEventListener('click', () => void saveSettings({ token: null, user: null }).then(async () => ((settings = await loadSettings()), render())));
  for (const r of radios('mode')) {
    r.addEventListener('change', () => void saveSettings({ mode: r.value as Mode }).then(async () => ((settings = await loadSettings()), applyChoices(), void refreshDevices())));
  }
  for (const r of radios('source')) r.addEventListener('change', () => void saveSettings({ source: r.value as Source }).then(async () => (settings = await loadSettings())));
  $('camera').addEventListener('change', (e) => void saveSettings({ cameraId: (e.target as HTMLSelectElement).value || null }).then(async () => ((settings = await loadSettings()), void refreshDevices())));
  $('mic').addEventListener('change', (e) => void saveSettings({ micId: (e.target as HTMLSelectElement).value || null }).then(async () => ((settings = await loadSettings()), void refreshDevices())));
  $('height').addEventListener('change', (e) => void saveSettings({ height: (e.target as HTMLSelectElement).value === '1080' ? 1080 : 720 }).then(async () => (settings = await loadSettings())));
  $('profile').addEventListener('change', (e) => void chooseProfile((e.target as HTMLSelectElement).value).then(async () => ((settings = await loadSettings()), applyChoices(), void refreshDevices())));
  $('noise').addEventListener('change', (e) => void saveSettings({ noiseSuppression: (e.target as HTMLInputElement).checked }).then(async () => (settings = await loadSettings())));
  for (const id of ['background', 'background-live']) $<HTMLSelectElement>(id).addEventListener('change', (e) => void onBackground(e.target as HTMLSelectElement));
  $('picture').addEventListener('click', openPicturePage);
  $('draw').addEventListener('click', () => void send({ to: 'background', type: 'ink' }).then(update));
  $('open-after').addEventListener('change', (e) => void saveSettings({ openAfterStop: (e.target as HTMLInputElement).checked }).then(async () => (settings = await loadSettings())));
  $('allow').addEventListener('click', () => void chrome.tabs.create({ url: chrome.runtime.getURL('permissions.html') }));
  $('start').addEventListener('click', () => void start());
  $('stop').addEventListener('click', () => void stop());
  $('pause').addEventListener('click', () => void send({ to: 'background', type: 'control', action: state.phase === 'paused' ? 'resume' : 'pause' }).then(update));
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-action="cancel"]')) b.addEventListener('click', () => void send({ to: 'background', type: 'control', action: 'cancel' }).then(update));
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-action="restart"]')) b.addEventListener('click', () => void send({ to: 'background', type: 'restart' }).then(update));
  $('copy').addEventListener('click', () => {
    if (state.share) void navigator.clipboard.writeText(state.share.shareUrl).then(() => ((copied = true), render()));
  });
  $('another').addEventListener('click', () => void send({ to: 'background', type: 'dismiss' }).then(update));
  $('error-fix').addEventListener('click', (e) => void fix((e.currentTarget as HTMLElement).dataset.fix ?? ''));
  chrome.runtime.onMessage.addListener((m: unknown) => {
    if (isMessage(m) && m.to === 'all' && m.type === 'state') {
      update(m.state);
      if (m.state.phase === 'done' || m.state.recovering === null) void renderPending();
    }
    return false;
  });
  window.addEventListener('pagehide', () => stopMedia.splice(0).forEach((s) => s()));
}

async function main(): Promise<void> {
  settings = await loadSettings();
  wire();
  applyChoices();
  $<HTMLInputElement>('server').value = settings.server ?? '';
  const c = connectionOf(settings);
  client = c ? createClient({ baseUrl: c.server, token: c.token }) : null;
  state = await send({ to: 'background', type: 'state' }).catch(() => IDLE);
  render();
  if (!c) return;
  if (state.phase === 'setup' || state.phase === 'error') void refreshDevices();
  void renderPending();
  void renderRecent();
  // who am I (and is the token still good), without holding up the popup
  void client
    ?.call('me', {})
    .then(async ({ user }) => {
      if (settings.user?.name !== user.name) await saveSettings({ user: { name: user.name, email: user.email } });
      settings = await loadSettings();
      render();
    })
    .catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 401) local = describeError(e, c.server);
      render();
    });
}

void main();
