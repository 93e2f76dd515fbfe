/**
 * Messages between the extension's parts. The popup and the keyboard shortcuts talk to the service
 * worker; the service worker owns the offscreen document, where the recorder core runs (capture,
 * compositing, MediaRecorder, the tus upload and the safety copy), so a recording outlives the
 * popup. The offscreen document broadcasts its state; the service worker keeps the last one for
 * the badge and for a popup that opens mid-recording.
 */
import type { Mode } from '../../lib/record/browser/capture';
import type { CameraBackground } from '../../lib/record/browser/compositor-program';
import type { RecorderState } from '../../lib/record/browser/core';
import type { SpooledRecording } from '../../lib/record/browser/spool';

/** What is recorded when the mode has a screen: the tab the popup was opened on, a window, or a whole screen. */
export type Source = 'tab' | 'window' | 'screen';

export interface RecordRequest {
  mode: Mode;
  source: Source;
  /** The tab to record (source `tab`) and to show the camera bubble on. */
  tabId: number | null;
  height: 720 | 1080;
  cameraId: string | null;
  micId: string | null;
  /** The recorded tab's title: the video's stand-in title until its transcript suggests one. */
  tabTitle?: string | null;
  /** The camera's background (in the bubble on the tab, or in the composited picture). */
  background?: CameraBackground;
  /** The picture behind the person for `image` (a data: URL from the profile). */
  backgroundImage?: string | null;
  /** RNNoise on the microphone. */
  noiseSuppression?: boolean;
}

/** The state the popup shows: the recorder core's (without its Blob), the next step for an error, the live session. */
export type ExtState = Pick<RecorderState, 'phase' | 'countdown' | 'elapsedMs' | 'recorded' | 'uploaded' | 'uploadDone' | 'share' | 'error' | 'notes' | 'recovering' | 'effect'> & {
  /** RNNoise is cleaning the microphone of the recording. */
  noiseSuppression: boolean;
  /** What the person can do about the error. */
  fix: Fix | null;
  /** The live recording's session (its safety copy is not an interrupted recording). */
  sessionId: string | null;
};

/** The next step offered with an error. */
export type Fix = 'connect' | 'permissions' | 'retry';

export const IDLE: ExtState = {
  phase: 'setup',
  countdown: 0,
  elapsedMs: 0,
  recorded: 0,
  uploaded: 0,
  uploadDone: false,
  share: null,
  error: null,
  fix: null,
  notes: [],
  recovering: null,
  sessionId: null,
  effect: null,
  noiseSuppression: false,
};

export interface Connection {
  server: string;
  token: string;
}

export type Control = 'stop' | 'pause' | 'resume' | 'cancel';

/** Popup (and shortcuts) → service worker. */
export type ToBackground =
  | { to: 'background'; type: 'record'; request: RecordRequest }
  | { to: 'background'; type: 'control'; action: Control }
  | { to: 'background'; type: 'restart' }
  | { to: 'background'; type: 'state' }
  | { to: 'background'; type: 'recover'; recording: SpooledRecording }
  | { to: 'background'; type: 'dismiss' }
  /** Drawing mode on the recorded tab, on or off. */
  | { to: 'background'; type: 'ink' }
  /** From the bubble's frame: its camera is showing, or not (a page's Permissions-Policy may forbid it). */
  | { to: 'background'; type: 'bubble'; ok: boolean };

/** Service worker → offscreen document. */
export type ToOffscreen =
  | {
      to: 'offscreen';
      type: 'begin';
      request: RecordRequest;
      connection: Connection;
      streamId: string | null;
      /** The camera bubble shows on the recorded tab; else the camera is composited into the picture. */
      cameraOnScreen: boolean;
    }
  | { to: 'offscreen'; type: 'control'; action: Control }
  | { to: 'offscreen'; type: 'recover'; recording: SpooledRecording; connection: Connection }
  | { to: 'offscreen'; type: 'copy'; text: string }
  | { to: 'offscreen'; type: 'dismiss' };

/** Offscreen document → everyone (service worker, popup). */
export type Broadcast =
  | { to: 'all'; type: 'state'; state: ExtState }
  /** A recording stopped: its link (copied, opened, listed by the service worker). */
  | { to: 'all'; type: 'stopped'; videoId: string; shareUrl: string };

/**
 * Popup or picture page → wherever the camera is being drawn (the bubble's frame on the tab, the
 * offscreen document's compositor): the background changed, also in the middle of a recording.
 */
export interface CameraEffectMessage {
  to: 'camera';
  type: 'effect';
  background: CameraBackground;
  image: string | null;
}

export type Message = ToBackground | ToOffscreen | Broadcast | CameraEffectMessage;

export function isMessage(m: unknown): m is Message {
  return typeof m === 'object' && m !== null && 'to' in m && 'type' in m;
}

/** A Connect in progress (chrome.storage.session): its one-time state, the server, the tab opened for it. */
export interface PendingConnect {
  state: string;
  server: string;
  tabId: number;
  at: number;
}

/** What connected.html shows (chrome.storage.session). */
export interface ConnectResult {
  ok: boolean;
  heading: string;
  text: string;
}
