/** Browser capture for the recorder (no React): devices, screen/camera, the camera bubble, audio mixing. */
import { startWorkerComposite, type BubbleLayout, type CameraEffect, type WorkerComposite, type WorkerCompositeOptions } from './compositor';
import type { InkCommand } from './ink';

export const RECORDING_MIME_TYPES = [
  'video/mp4;codecs=avc1,opus',
  'video/mp4;codecs=avc1.64001f,opus',
  'video/webm;codecs=vp9,opus',
  'video/webm;codecs=vp8,opus',
  'video/webm;codecs=h264,opus',
  'video/webm',
] as const;

export type Mode = 'screen' | 'camera' | 'screen+camera';
export type BubblePosition = 'bottom-left' | 'bottom-right' | 'top-left' | 'top-right';
export type BubbleSize = 'small' | 'medium' | 'large';
export type BubbleShape = 'circle' | 'rounded';
export interface BubbleOptions {
  position: BubblePosition;
  size: BubbleSize;
  shape: BubbleShape;
}

export interface CaptureOptions {
  mode: Mode;
  height: 720 | 1080;
  fps: number;
  cameraId: string | null;
  micId: string | null;
  bubble: BubbleOptions;
  /** Where the bubble is composited: in a Worker from VideoFrames (default, where the browser can), or on the page's canvas. */
  compositor?: 'worker' | 'page';
  /** The compositor failed mid-recording (shown to the user). */
  onCompositorError?: (message: string) => void;
  /** Opens the screen (default: getDisplayMedia); the extension hands in a tab's stream. */
  openScreen?: (height: number, fps: number) => Promise<MediaStream>;
  /** The camera's background (blur, a picture) — in the worker compositor, where the browser has one. */
  effect?: CameraEffect;
  /** Absolute URL of the recorder's assets (segmentation), ending in `/`. */
  assets?: string;
  /** Effect cost per frame (ms) above which it turns itself off (tests force the fallback with a tiny one). */
  effectBudgetMs?: number;
  onEffect?: WorkerCompositeOptions['onEffect'];
  onCost?: WorkerCompositeOptions['onCost'];
  /** Drawing over the screen: a screen recorded alone goes through the worker compositor too. */
  ink?: boolean;
  /** The compositor worker's script as a file (the extension's). */
  workerUrl?: string;
}

/** The first container/codec this browser's MediaRecorder supports; H.264 MP4 first. */
export function pickMimeType(): string | undefined {
  if (typeof MediaRecorder === 'undefined') return undefined;
  return RECORDING_MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
}

export function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export interface Devices {
  cameras: MediaDeviceInfo[];
  mics: MediaDeviceInfo[];
}

export async function listDevices(): Promise<Devices> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return { cameras: all.filter((d) => d.kind === 'videoinput'), mics: all.filter((d) => d.kind === 'audioinput') };
}

/** The microphone; `browserNoiseSuppression: false` when Weft's own (RNNoise) cleans it instead. */
export function openMic(micId: string | null, browserNoiseSuppression = true): Promise<MediaStream> {
  return withTimeout(
    navigator.mediaDevices.getUserMedia({
      audio: { ...(micId ? { deviceId: { exact: micId } } : {}), echoCancellation: true, noiseSuppression: browserNoiseSuppression },
    }),
    30_000,
    'The microphone did not answer.',
  );
}

export function openCamera(cameraId: string | null, height: number): Promise<MediaStream> {
  return withTimeout(
    navigator.mediaDevices.getUserMedia({
      video: { ...(cameraId ? { deviceId: { exact: cameraId } } : {}), height: { ideal: height }, frameRate: { ideal: 30 } },
    }),
    30_000,
    'The camera did not answer.',
  );
}

export function openScreen(height: number, fps: number): Promise<MediaStream> {
  const width = Math.round((height * 16) / 9);
  return withTimeout(
    navigator.mediaDevices.getDisplayMedia({ video: { width: { ideal: width }, height: { ideal: height }, frameRate: { ideal: fps } }, audio: true }),
    120_000,
    'Screen sharing did not start. Pick a screen, window or tab to share.',
  );
}

/**
 * A timer in a Worker: unlike requestAnimationFrame it keeps the target rate on a busy page. At most
 * one tick is in flight — the page acknowledges each draw — so a slow machine drops frames instead
 * of piling up ticks that would starve the page's own events (clicks, the upload).
 */
function workerTicker(fps: number, onTick: () => void): () => void {
  const src = `let busy=false;const t=setInterval(()=>{if(!busy){busy=true;postMessage(0);}},${Math.round(1000 / fps)});onmessage=(e)=>{if(e.data==='stop')clearInterval(t);else busy=false;};`;
  const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
  const w = new Worker(url);
  w.onmessage = () => {
    try {
      onTick();
    } finally {
      w.postMessage('ack');
    }
  };
  return () => {
    w.postMessage('stop');
    w.terminate();
    URL.revokeObjectURL(url);
  };
}

/**
 * A playing <video> for a stream, kept in the document (1 px, transparent): Chromium decodes
 * detached or hidden videos at a reduced rate, which starves the compositor.
 */
function playingVideo(stream: MediaStream): HTMLVideoElement {
  const v = document.createElement('video');
  v.muted = true;
  v.playsInline = true;
  v.srcObject = stream;
  v.setAttribute('aria-hidden', 'true');
  Object.assign(v.style, { position: 'fixed', left: '0', top: '0', width: '1px', height: '1px', opacity: '0.01', pointerEvents: 'none' });
  document.body.appendChild(v);
  void v.play().catch(() => undefined);
  return v;
}

const BUBBLE_FRACTION: Record<BubbleSize, number> = { small: 0.2, medium: 0.28, large: 0.38 };

/** The bubble's place relative to the frame: its side and margin as shares of the frame's height, and its corner. */
export function bubbleLayout(b: BubbleOptions): BubbleLayout {
  return { fraction: BUBBLE_FRACTION[b.size], margin: 0.035, left: b.position.endsWith('left'), top: b.position.startsWith('top'), shape: b.shape };
}

/** Where the bubble goes on a width×height frame (pure; the Worker compositor applies the same rule to its frames). */
export function bubbleRect(width: number, height: number, b: BubbleOptions): { x: number; y: number; size: number } {
  const l = bubbleLayout(b);
  const size = Math.round(height * l.fraction);
  const margin = Math.round(height * l.margin);
  const x = l.left ? margin : width - size - margin;
  const y = l.top ? margin : height - size - margin;
  return { x, y, size };
}

interface Composite {
  stream: MediaStream;
  stop(): void;
  setBubble(b: BubbleOptions): void;
  setEffect?(e: CameraEffect): void;
  ink?(c: InkCommand): void;
}

function workerComposite(picture: MediaStreamTrack, camera: MediaStreamTrack | null, cameraIsPicture: boolean, opts: CaptureOptions): WorkerComposite | null {
  if (opts.compositor === 'page') return null;
  return startWorkerComposite({
    picture,
    camera,
    cameraIsPicture,
    fps: opts.fps,
    layout: bubbleLayout(opts.bubble),
    effect: opts.effect ?? { background: 'off' },
    assets: opts.assets ?? new URL('/recorder/', location.href).href,
    budgetMs: opts.effectBudgetMs,
    onError: (m) => opts.onCompositorError?.(cameraIsPicture || !camera ? `The recording's picture stopped: ${m}` : `The camera bubble stopped: ${m}`),
    onEffect: opts.onEffect,
    onCost: opts.onCost,
    workerUrl: opts.workerUrl,
  });
}

/** Screen with the camera bubble drawn over it, at `fps`: in a Worker where the browser can, else on a page canvas. */
function composite(screen: MediaStream, camera: MediaStream, opts: CaptureOptions): Composite {
  const height = opts.height;
  const width = Math.round((height * 16) / 9 / 2) * 2;
  const screenTrack = screen.getVideoTracks()[0];
  const cameraTrack = camera.getVideoTracks()[0];
  if (screenTrack && cameraTrack) {
    const w = workerComposite(screenTrack, cameraTrack, false, opts);
    if (w) return { stream: w.stream, stop: w.stop, setBubble: (b) => w.setBubble(bubbleLayout(b)), setEffect: w.setEffect, ink: w.ink };
  }
  return compositeOnPage(screen, camera, opts, width, height);
}

/** The page-canvas compositor: <video> sources drawn from a Worker timer (browsers without MediaStreamTrackProcessor). */
function compositeOnPage(screen: MediaStream, camera: MediaStream, opts: CaptureOptions, width: number, height: number): Composite {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('This browser cannot draw the camera bubble (no 2D canvas).');
  const sv = playingVideo(screen);
  const cv = playingVideo(camera);
  let bubble = opts.bubble;
  const draw = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, width, height);
    if (sv.videoWidth > 0) {
      const s = Math.min(width / sv.videoWidth, height / sv.videoHeight);
      const w = sv.videoWidth * s;
      const h = sv.videoHeight * s;
      ctx.drawImage(sv, (width - w) / 2, (height - h) / 2, w, h);
    }
    if (cv.videoWidth > 0) {
      const { x, y, size } = bubbleRect(width, height, bubble);
      const side = Math.min(cv.videoWidth, cv.videoHeight);
      ctx.save();
      ctx.beginPath();
      if (bubble.shape === 'circle') ctx.arc(x + size / 2, y + size / 2, size / 2, 0, Math.PI * 2);
      else ctx.roundRect(x, y, size, size, size * 0.18);
      ctx.clip();
      ctx.drawImage(cv, (cv.videoWidth - side) / 2, (cv.videoHeight - side) / 2, side, side, x, y, size, size);
      ctx.restore();
      ctx.lineWidth = Math.max(2, size * 0.02);
      ctx.strokeStyle = 'rgba(255,255,255,0.85)';
      ctx.beginPath();
      if (bubble.shape === 'circle') ctx.arc(x + size / 2, y + size / 2, size / 2, 0, Math.PI * 2);
      else ctx.roundRect(x, y, size, size, size * 0.18);
      ctx.stroke();
    }
  };
  draw();
  const stopTicker = workerTicker(opts.fps, draw);
  const stream = canvas.captureStream(opts.fps);
  return {
    stream,
    stop() {
      stopTicker();
      stream.getTracks().forEach((t) => t.stop());
      for (const v of [sv, cv]) {
        v.srcObject = null;
        v.remove();
      }
    },
    setBubble(b) {
      bubble = b;
    },
  };
}

export interface Capture {
  /** What MediaRecorder records: video (composited or direct) + mixed audio. */
  stream: MediaStream;
  /** The screen (or camera) track whose end means "the user stopped sharing". */
  sourceTrack: MediaStreamTrack | null;
  mic: MediaStream | null;
  setBubble(b: BubbleOptions): void;
  /** Changes the camera's background; null where the camera is not composited in a worker. */
  setEffect: ((e: CameraEffect) => void) | null;
  /** Drawing over the picture; null where the picture is not composited in a worker. */
  ink: ((c: InkCommand) => void) | null;
  stop(): void;
}

/** Opens the sources of a mode and builds the stream to record. */
export async function startCapture(opts: CaptureOptions, mic: MediaStream | null): Promise<Capture> {
  const stops: Array<() => void> = [];
  try {
    const screen = opts.mode === 'camera' ? null : await (opts.openScreen ?? openScreen)(opts.height, opts.fps);
    if (screen) stops.push(() => screen.getTracks().forEach((t) => t.stop()));
    // the bubble is at most 38 % of the frame's height (410 px at 1080p): a 480p camera fills it
    const cameraHeight = opts.mode === 'screen+camera' ? Math.min(opts.height, 480) : opts.height;
    const camera = opts.mode === 'screen' ? null : await openCamera(opts.cameraId, cameraHeight);
    if (camera) stops.push(() => camera.getTracks().forEach((t) => t.stop()));

    let videoTrack: MediaStreamTrack | undefined;
    let setBubble: (b: BubbleOptions) => void = () => undefined;
    let setEffect: Capture['setEffect'] = null;
    let ink: Capture['ink'] = null;
    const direct = (screen ?? camera)?.getVideoTracks()[0];
    if (screen && camera) {
      const c = composite(screen, camera, opts);
      stops.push(c.stop);
      videoTrack = c.stream.getVideoTracks()[0];
      setBubble = c.setBubble;
      setEffect = c.setEffect ?? null;
      ink = c.ink ?? null;
    } else if (direct && (camera || opts.ink)) {
      // the camera alone (its background may change while recording), or a screen to draw on
      const w = workerComposite(direct, null, !!camera, opts);
      if (w) {
        stops.push(w.stop);
        videoTrack = w.stream.getVideoTracks()[0];
        if (camera) setEffect = w.setEffect;
        ink = w.ink;
      } else {
        videoTrack = direct;
      }
    } else {
      videoTrack = direct;
    }
    if (!videoTrack) throw new Error('No video to record.');

    const audioSources = [screen, mic].filter((s): s is MediaStream => !!s && s.getAudioTracks().length > 0);
    const tracks: MediaStreamTrack[] = [videoTrack];
    if (audioSources.length === 1) {
      tracks.push(...(audioSources[0]?.getAudioTracks() ?? []));
    } else if (audioSources.length > 1) {
      // tab/system audio and the microphone, mixed into one track
      const ac = new AudioContext();
      const dest = ac.createMediaStreamDestination();
      for (const s of audioSources) ac.createMediaStreamSource(s).connect(dest);
      tracks.push(...dest.stream.getAudioTracks());
      stops.push(() => void ac.close());
    }
    return {
      stream: new MediaStream(tracks),
      sourceTrack: (screen ?? camera)?.getVideoTracks()[0] ?? null,
      mic,
      setBubble,
      setEffect,
      ink,
      stop: () => stops.splice(0).reverse().forEach((s) => s()),
    };
  } catch (e) {
    stops.reverse().forEach((s) => s());
    throw e;
  }
}

/** An analyser's level 0..1 (peak with a gentle fall-off, like a hardware meter), read on demand. */
export function peakLevel(analyser: AnalyserNode): () => number {
  const buf = new Float32Array(analyser.fftSize);
  let held = 0;
  return () => {
    analyser.getFloatTimeDomainData(buf);
    let peak = 0;
    for (const v of buf) peak = Math.max(peak, Math.abs(v));
    held = Math.max(Math.min(1, peak), held * 0.8);
    return held < 0.01 ? 0 : held;
  };
}

/** Live microphone level 0..1. */
export function micLevelMeter(mic: MediaStream): { level(): number; stop(): void } {
  const ac = new AudioContext();
  const src = ac.createMediaStreamSource(mic);
  const analyser = ac.createAnalyser();
  analyser.fftSize = 1024;
  src.connect(analyser);
  return {
    level: peakLevel(analyser),
    stop() {
      void ac.close();
    },
  };
}
