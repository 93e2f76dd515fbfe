/**
 * The offscreen document: the recorder core of `/record` (lib/record/browser/core.ts) with the typed API
 * client on a bearer token. It lives while a recording does, whether the popup is open or not.
 * Offscreen documents only have chrome.runtime: settings come with each command.
 */
import { createClient } from '../../lib/shared/client';
import { isServerUrl } from './settings';
import { openMic } from '../../lib/record/browser/capture';
import { micChain, type MicChain } from '../../lib/record/browser/noise';
import { RecorderCore, type RecorderState, type RecordingSettings } from '../../lib/record/browser/core';
import type { RecorderServer } from '../../lib/record/browser/live-recording';
import { spoolList } from '../../lib/record/browser/spool';
import { describeError } from './errors';
import { IDLE, isMessage, type Broadcast, type Connection, type ExtState, type Fix, type RecordRequest, type ToOffscreen } from './protocol';

let core: RecorderCore | null = null;
let coreServer = '';
let fix: Fix | null = null;
let override: { error: string; fix: Fix } | null = null;
let sessionId: string | null = null;
let announced: string | null = null;
/** The microphone's way to the recording: RNNoise when on. */
let chain: MicChain | null = null;
/** The camera is composited into the picture here (not shown in a bubble on the recorded tab). */
let cameraDrawnHere = false;

function serverFor(c: Connection): RecorderServer {
  return { client: createClient({ baseUrl: c.server, token: c.token }), uploadHeaders: () => ({ Authorization: `Bearer ${c.token}` }) };
}

function broadcast(m: Broadcast): void {
  void chrome.runtime.sendMessage(m).catch(() => undefined);
}

function view(s: RecorderState): ExtState {
  return {
    ...IDLE,
    phase: override ? 'error' : s.phase,
    countdown: s.countdown,
    elapsedMs: s.elapsedMs,
    recorded: s.recorded,
    uploaded: s.uploaded,
    uploadDone: s.uploadDone,
    share: s.share,
    error: override?.error ?? s.error,
    fix: override?.fix ?? (s.error ? fix : null),
    notes: s.notes,
    recovering: s.recovering,
    sessionId,
    effect: s.effect,
    noiseSuppression: chain?.suppressing ?? false,
  };
}

function publish(): void {
  if (!core) return broadcast({ to: 'all', type: 'state', state: override ? { ...IDLE, phase: 'error', error: override.error, fix: override.fix } : IDLE });
  const s = core.getState();
  broadcast({ to: 'all', type: 'state', state: view(s) });
  // the link, once per recording, as soon as it is final
  if (s.phase === 'done' && s.share && announced !== s.share.videoId) {
    announced = s.share.videoId;
    broadcast({ to: 'all', type: 'stopped', videoId: s.share.videoId, shareUrl: s.share.shareUrl });
  }
}

function coreFor(c: Connection): RecorderCore {
  if (core && coreServer === `${c.server} ${c.token}`) return core;
  core?.dispose();
  core = new RecorderCore({ server: serverFor(c) });
  coreServer = `${c.server} ${c.token}`;
  core.subscribe(() => publish());
  return core;
}

function failBeforeStart(e: unknown, server: string): void {
  const d = describeError(e, server);
  override = { error: d.message, fix: d.fix ?? 'retry' };
  publish();
}

/** A tab's picture and sound, from the stream id the service worker got for it; the tab stays audible. */
function tabStream(streamId: string): (height: number) => Promise<MediaStream> {
  return async (height) => {
    const source = { chromeMediaSource: 'tab', chromeMediaSourceId: streamId };
    const width = Math.round((height * 16) / 9);
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { mandatory: source },
      video: { mandatory: { ...source, maxWidth: width, maxHeight: height, maxFrameRate: 30 } },
    } as unknown as MediaStreamConstraints);
    // capturing a tab mutes it for the person: play its sound back
    if (stream.getAudioTracks().length > 0) {
      const ac = new AudioContext();
      ac.createMediaStreamSource(stream).connect(ac.destination);
      stream.getVideoTracks()[0]?.addEventListener('ended', () => void ac.close());
    }
    return stream;
  };
}

async function begin(req: RecordRequest, c: Connection, streamId: string | null, cameraOnScreen: boolean): Promise<void> {
  override = null;
  fix = null;
  const rec = coreFor(c);
  // a revoked token or an unreachable server is said before anything is captured
  try {
    await createClient({ baseUrl: c.server, token: c.token }).call('me', {});
  } catch (e) {
    return failBeforeStart(e, c.server);
  }
  let mic: MediaStream | null = null;
  const suppress = req.noiseSuppression ?? true;
  try {
    // the browser's own suppression stays off when RNNoise does the work
    mic = await openMic(req.micId, !suppress);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'NotAllowedError') {
      fix = 'permissions';
      rec.note('Chrome did not allow the microphone for Weft: recording without your voice. Use “Allow camera and microphone” in the popup.');
    }
  }
  chain?.stop();
  chain = null;
  if (mic) {
    const assets = chrome.runtime.getURL('recorder/');
    chain = await micChain(mic, { assets, suppress, onProblem: (m) => rec.note(m) }).catch(() => null);
  }
  const settings: RecordingSettings = {
    mode: req.mode,
    height: req.height,
    cameraId: req.cameraId,
    micId: req.micId,
    bubble: { position: 'bottom-left', size: 'medium', shape: 'circle' },
    maxSeconds: 0,
    // the background where the camera is drawn into the picture; on the tab, the bubble's own frame does it
    background: req.background ?? 'off',
    backgroundImage: req.backgroundImage ?? null,
    assets: chrome.runtime.getURL('recorder/'),
    workerUrl: chrome.runtime.getURL('compositor-worker.js'),
  };
  const tab = req.mode !== 'camera' && req.source === 'tab';
  cameraDrawnHere = req.mode !== 'screen' && !(tab && cameraOnScreen);
  if (tab && !streamId) return failBeforeStart(new Error('Chrome did not give Weft this tab.'), c.server);
  await rec.begin(settings, chain?.stream ?? mic, {
    openScreen: tab && streamId ? tabStream(streamId) : undefined,
    // the bubble is on the tab itself (the content script's frame), so the tab's picture has it
    cameraOnScreen: tab && cameraOnScreen,
    title: tab ? (req.tabTitle ?? undefined) : undefined,
  });
  const s = rec.getState();
  if (tab && req.mode === 'screen+camera' && !cameraOnScreen && (s.phase === 'recording' || s.phase === 'paused')) {
    rec.note('This page does not let the camera bubble show on it, so your camera is drawn into the recording instead.');
  }
  if (s.phase === 'error') {
    fix = /not allowed|permission/i.test(s.error ?? '') ? 'permissions' : 'retry';
    if (mic) mic.getTracks().forEach((t) => t.stop());
    chain?.stop();
    chain = null;
    publish();
    return;
  }
  sessionId = s.share ? ((await sessionOf(s.share.videoId)) ?? null) : null;
  // the microphone is released with the recording
  const release = rec.subscribe((st) => {
    if (st.phase === 'done' || st.phase === 'setup' || st.phase === 'error') {
      mic?.getTracks().forEach((t) => t.stop());
      chain?.stop();
      chain = null;
      release();
    }
  });
  publish();
}

/** The live recording's session id (its safety copy is listed by the popup, which must not offer it for recovery). */
async function sessionOf(videoId: string): Promise<string | null> {
  const all = await spoolList().catch(() => []);
  return all.find((r) => r.videoId === videoId)?.sessionId ?? null;
}

function copy(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  return ok;
}

async function handle(m: ToOffscreen): Promise<unknown> {
  switch (m.type) {
    case 'begin':
      await begin(m.request, m.connection, m.streamId, m.cameraOnScreen);
      return true;
    case 'control': {
      const rec = core;
      if (!rec) return false;
      const phase = rec.getState().phase;
      if (m.action === 'stop') await rec.stop();
      else if (m.action === 'cancel') await rec.cancel();
      else if ((m.action === 'pause' && phase === 'recording') || (m.action === 'resume' && phase === 'paused')) await rec.togglePause();
      return true;
    }
    case 'recover': {
      override = null;
      // a saved recording goes only to the server it was made on
      if (!isServerUrl(m.recording.shareUrl, m.connection.server)) {
        throw new Error(`This recording belongs to ${hostOf(m.recording.shareUrl)}. Connect to that server to finish its upload.`);
      }
      const rec = coreFor(m.connection);
      await rec.recover(m.recording);
      return true;
    }
    case 'copy':
      return copy(m.text);
    case 'dismiss':
      override = null;
      core?.reset();
      publish();
      return true;
  }
}

chrome.runtime.onMessage.addListener((m: unknown, _sender, reply) => {
  // the background changed mid-recording: applied here when the camera is drawn into the picture
  if (isMessage(m) && m.to === 'camera') {
    if (cameraDrawnHere) void core?.setBackground(m.background, m.image);
    return false;
  }
  if (!isMessage(m) || m.to !== 'offscreen') return false;
  handle(m).then(reply, (e: unknown) => {
    override = { error: describeError(e, coreServer.split(' ')[0] ?? '').message, fix: 'retry' };
    publish();
    reply(false);
  });
  return true;
});
publish();

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'another server';
  }
}
