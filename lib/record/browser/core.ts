import { pickMimeType, startCapture, type BubbleOptions, type Capture, type Mode } from './capture';
import { LiveRecording, recoverSpooled, type RecorderServer } from './live-recording';
import { spoolDelete, spoolList, type SpooledRecording } from './spool';
import { formatDateTime } from '../../shared/format';
import type { CameraBackground, CameraEffect } from './compositor-program';
import type { InkCommand } from './ink';
import { backgroundBitmap } from './picture';

/**
 * The recorder without React: capture, compositing, the upload while recording, the safety copy
 * and the recovery of an interrupted recording, as a state machine that emits its state. The
 * `/record` page drives it through `useRecorder`; the extension's offscreen document drives the
 * same core. Browser-only (media APIs, IndexedDB), no framework imports.
 */
export type RecorderPhase = 'setup' | 'countdown' | 'recording' | 'paused' | 'finishing' | 'done' | 'error';

/** Legal phase changes (anything else is a bug, and refused). */
export const RECORDER_TRANSITIONS: Readonly<Record<RecorderPhase, readonly RecorderPhase[]>> = {
  setup: ['countdown', 'error', 'done'],
  countdown: ['recording', 'setup', 'error'],
  recording: ['paused', 'finishing', 'setup', 'error'],
  paused: ['recording', 'finishing', 'setup', 'error'],
  finishing: ['done', 'error'],
  done: ['setup', 'countdown', 'error'],
  error: ['setup', 'countdown', 'error', 'done'],
};

export interface RecordingSettings {
  mode: Mode;
  height: 720 | 1080;
  cameraId: string | null;
  micId: string | null;
  bubble: BubbleOptions;
  /** 0: no limit. */
  maxSeconds: number;
  /** `page`: the page-canvas compositor (the benchmark's baseline). */
  compositor?: 'worker' | 'page';
  /** The camera's background, and the picture for `image` (a data: URL). */
  background?: CameraBackground;
  backgroundImage?: string | null;
  /** Effect cost per frame (ms) above which blur gives up (tests force the fallback with a tiny one). */
  effectBudgetMs?: number;
  /** Absolute URL of the recorder's assets, ending in `/` (default: this site's /recorder/). */
  assets?: string;
  /** Offer drawing over the screen (the screen goes through the worker compositor even without a camera). */
  ink?: boolean;
  /** The compositor worker's script as a file (the extension's own). */
  workerUrl?: string;
}

/** Where the pictures come from, when not from the page's own getDisplayMedia (the extension). */
export interface CaptureSources {
  /** A stand-in title for the video (the recorded tab's); else the date and time in this browser's locale. */
  title?: string;
  /** Opens the screen: the extension's tab stream, or getDisplayMedia in its offscreen document. */
  openScreen?: (height: number, fps: number) => Promise<MediaStream>;
  /**
   * The camera is already on the recorded surface (the extension's bubble inside the recorded tab):
   * record the screen alone, while the session still says screen+camera.
   */
  cameraOnScreen?: boolean;
}

export interface RecorderState {
  phase: RecorderPhase;
  countdown: number;
  elapsedMs: number;
  /** Bytes recorded and bytes the server has. */
  recorded: number;
  uploaded: number;
  uploadDone: boolean;
  share: { videoId: string; shareUrl: string } | null;
  /** The recording for the local review, once stopped. */
  review: { blob: Blob; mimeType: string; videoId: string } | null;
  error: string | null;
  /** Things the person should know (no microphone, the connection dropped…), once each. */
  notes: string[];
  /** Unfinished recordings kept on this computer, offered for finishing. */
  pending: SpooledRecording[];
  /** The session id of the pending recording being uploaded. */
  recovering: string | null;
  /** Settings of the current (or last) recording. */
  maxSeconds: number;
  /** The camera background effect while recording: null when the camera is not composited in a worker. */
  effect: { background: CameraBackground; state: 'on' | 'off' | 'loading' | 'slow' | 'failed' } | null;
  /** Drawing over the picture is possible in this recording. */
  canDraw: boolean;
  /** Cost of the effect per frame, last measured (benchmarks). */
  effectCost: { segmentMs: number; effectMs: number } | null;
}

export const INITIAL_STATE: RecorderState = {
  phase: 'setup',
  countdown: 0,
  elapsedMs: 0,
  recorded: 0,
  uploaded: 0,
  uploadDone: false,
  share: null,
  review: null,
  error: null,
  notes: [],
  pending: [],
  recovering: null,
  maxSeconds: 0,
  effect: null,
  canDraw: false,
  effectCost: null,
};

const EFFECT_NOTES: Record<'slow' | 'failed', string> = {
  slow: 'Background blur is off: this computer is too slow to do it while recording. Your camera is recorded as it is.',
  failed: 'Background blur could not start in this browser. Your camera is recorded as it is.',
};

export interface RecorderCoreOptions {
  server: RecorderServer;
  /** Called as the countdown starts (the web app preloads its preview tools then). */
  onCountdown?: () => void;
  /** Countdown length in seconds (default 3). */
  countdownSeconds?: number;
}

type Listener = (state: RecorderState) => void;

export class RecorderCore {
  private state: RecorderState = INITIAL_STATE;
  private readonly listeners = new Set<Listener>();
  private live: LiveRecording | null = null;
  private capture: Capture | null = null;
  private cancelCountdown: (() => void) | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly opts: RecorderCoreOptions) {}

  getState = (): RecorderState => this.state;

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** What is being recorded, for an on-page preview. */
  get previewStream(): MediaStream | null {
    return this.live?.previewStream ?? null;
  }

  private set(patch: Partial<RecorderState>): void {
    if (patch.phase && patch.phase !== this.state.phase && !RECORDER_TRANSITIONS[this.state.phase].includes(patch.phase)) {
      throw new Error(`recorder: ${this.state.phase} → ${patch.phase} is not a legal change`);
    }
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  note(message: string): void {
    if (!this.state.notes.includes(message)) this.set({ notes: [...this.state.notes, message] });
  }

  private fail(message: string): void {
    this.set({ error: message, phase: 'error' });
  }

  /** Reads the unfinished recordings kept on this computer. */
  async loadPending(): Promise<void> {
    const pending = await spoolList().catch(() => []);
    this.set({ pending });
  }

  /** Capture (asks for the screen), 3-2-1 while the sources warm up, then record and upload. */
  async begin(settings: RecordingSettings, mic: MediaStream | null, sources: CaptureSources = {}): Promise<void> {
    const phase = this.state.phase;
    if (phase !== 'setup' && phase !== 'done' && phase !== 'error') return;
    this.set({ error: null, notes: [], recorded: 0, uploaded: 0, uploadDone: false, share: null, review: null, elapsedMs: 0, maxSeconds: settings.maxSeconds, effect: null, canDraw: false, effectCost: null });
    const mimeType = pickMimeType();
    if (!mimeType) return this.fail('This browser cannot record video (MediaRecorder is missing).');
    if (!mic) this.note('No microphone: recording without your voice.');
    this.set({ phase: 'countdown' });
    this.opts.onCountdown?.();
    let capture: Capture;
    const background = settings.background ?? 'off';
    const image = background === 'image' ? await backgroundBitmap(settings.backgroundImage) : null;
    if (background === 'image' && !image) this.note('Pick a picture for the background: recording your camera as it is.');
    try {
      capture = await startCapture(
        {
          mode: sources.cameraOnScreen && settings.mode === 'screen+camera' ? 'screen' : settings.mode,
          height: settings.height,
          fps: 30,
          cameraId: settings.cameraId,
          micId: settings.micId,
          bubble: settings.bubble,
          compositor: settings.compositor ?? 'worker',
          onCompositorError: (m) => this.note(m),
          openScreen: sources.openScreen,
          effect: { background: image || background === 'blur' ? background : 'off', image },
          assets: settings.assets,
          effectBudgetMs: settings.effectBudgetMs,
          ink: settings.ink,
          workerUrl: settings.workerUrl,
          onEffect: (r) => {
            this.set({ effect: { background: r.background, state: r.state } });
            if (r.state === 'slow' || r.state === 'failed') this.note(EFFECT_NOTES[r.state]);
          },
          onCost: (r) => this.set({ effectCost: { segmentMs: r.segmentMs, effectMs: r.effectMs } }),
        },
        mic,
      );
    } catch (e) {
      this.set({ phase: 'setup' });
      return this.fail((e as Error).message || 'Sharing was not allowed.');
    }
    this.capture = capture;
    this.set({
      canDraw: capture.ink !== null,
      effect: capture.setEffect ? { background, state: background === 'off' ? 'off' : 'loading' } : null,
    });
    const go = await this.countdown(this.opts.countdownSeconds ?? 3);
    if (!go) {
      capture.stop();
      this.capture = null;
      if (this.state.phase === 'countdown') this.set({ phase: 'setup' });
      return;
    }
    try {
      // a stand-in title the transcript's suggestion replaces: the tab's, or "Recording, <date, time>" as this browser writes them
      const title = (sources.title?.trim() || `Recording, ${formatDateTime(new Date())}`).slice(0, 200);
      const rec = await LiveRecording.create(this.opts.server, { mode: settings.mode, title }, mimeType, capture, {
        bytes: (recorded, uploaded) => this.set({ recorded, uploaded }),
        uploaded: () => this.set({ uploadDone: true }),
        warn: (m) => this.note(m),
      });
      this.live = rec;
      this.set({ share: { videoId: rec.info.videoId, shareUrl: rec.info.shareUrl } });
      capture.sourceTrack?.addEventListener('ended', () => void this.stop());
      await rec.start();
      this.set({ elapsedMs: 0, phase: 'recording' });
      this.startTicker();
    } catch (e) {
      capture.stop();
      this.capture = null;
      this.fail(`Could not start a recording: ${(e as Error).message}`);
    }
  }

  private countdown(seconds: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let n = seconds;
      this.set({ countdown: n });
      const t = setInterval(() => {
        n -= 1;
        this.set({ countdown: n });
        if (n <= 0) {
          clearInterval(t);
          this.cancelCountdown = null;
          resolve(true);
        }
      }, 1000);
      this.cancelCountdown = () => {
        clearInterval(t);
        this.cancelCountdown = null;
        resolve(false);
      };
    });
  }

  /** Elapsed time, and the optional maximum length. */
  private startTicker(): void {
    clearInterval(this.ticker);
    this.ticker = setInterval(() => {
      const ms = this.live?.elapsedMs() ?? 0;
      if (ms !== this.state.elapsedMs) this.set({ elapsedMs: ms });
      if (this.state.maxSeconds > 0 && ms >= this.state.maxSeconds * 1000) void this.stop();
    }, 200);
  }

  private stopTicker(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  async stop(): Promise<void> {
    const rec = this.live;
    if (!rec || (this.state.phase !== 'recording' && this.state.phase !== 'paused')) return;
    this.stopTicker();
    this.set({ phase: 'finishing' });
    await rec.stop();
    this.set({ review: { blob: rec.recordingBlob(), mimeType: rec.mimeType, videoId: rec.info.videoId }, phase: 'done' });
  }

  /** Changes the camera's background during a recording (where the camera is composited in a worker). */
  async setBackground(background: CameraBackground, imageUrl: string | null): Promise<void> {
    const capture = this.capture;
    if (!capture?.setEffect) return;
    const image = background === 'image' ? await backgroundBitmap(imageUrl) : null;
    const effect: CameraEffect = { background: background === 'image' && !image ? 'off' : background, image };
    if (background === 'image' && !image) this.note('Pick a picture for the background first.');
    this.set({ effect: { background: effect.background, state: effect.background === 'off' ? 'off' : 'loading' } });
    capture.setEffect(effect);
  }

  /** A drawing command for the picture being recorded (ignored where drawing is not possible). */
  ink(command: InkCommand): void {
    this.capture?.ink?.(command);
  }

  async togglePause(): Promise<void> {
    const rec = this.live;
    if (!rec) return;
    if (this.state.phase === 'recording') {
      await rec.pause();
      this.set({ phase: 'paused' });
    } else if (this.state.phase === 'paused') {
      await rec.resume();
      this.set({ phase: 'recording' });
    }
  }

  /** Throws the recording away (or stops the countdown). */
  async cancel(): Promise<void> {
    if (this.cancelCountdown) return this.cancelCountdown();
    const rec = this.live;
    this.live = null;
    this.stopTicker();
    if (this.state.phase === 'recording' || this.state.phase === 'paused') this.set({ phase: 'setup' });
    this.set({ share: null });
    await rec?.cancel();
    this.note('Recording cancelled and deleted.');
  }

  /** Discard and retake. */
  async restart(settings: RecordingSettings, mic: MediaStream | null, sources: CaptureSources = {}): Promise<void> {
    await this.cancel();
    this.set({ notes: [] });
    await this.begin(settings, mic, sources);
  }

  /** Back to the setup after a finished recording. */
  reset(): void {
    if (this.state.phase === 'done' || this.state.phase === 'error') this.set({ phase: 'setup' });
  }

  /** Resolves when the server has the whole recording, or after `maxMs`. */
  whenUploaded(maxMs: number): Promise<void> {
    return this.live && !this.state.uploadDone ? this.live.whenUploaded(maxMs) : Promise.resolve();
  }

  /** Finishes an unfinished recording from the safety copy. */
  async recover(r: SpooledRecording): Promise<void> {
    this.set({ recovering: r.sessionId });
    try {
      await recoverSpooled(this.opts.server, r, (sent, total) => this.set({ uploaded: sent, recorded: total }));
      this.set({
        pending: this.state.pending.filter((x) => x.sessionId !== r.sessionId),
        share: { videoId: r.videoId, shareUrl: r.shareUrl },
        uploadDone: true,
        phase: 'done',
      });
    } catch (e) {
      this.note(`Could not finish that upload: ${(e as Error).message}`);
    } finally {
      this.set({ recovering: null });
    }
  }

  async discard(r: SpooledRecording): Promise<void> {
    await spoolDelete(r.sessionId).catch(() => undefined);
    this.set({ pending: this.state.pending.filter((x) => x.sessionId !== r.sessionId) });
  }

  /** Stops everything (the page is going away). */
  dispose(): void {
    this.stopTicker();
    this.cancelCountdown?.();
    this.listeners.clear();
  }
}
