/**
 * The camera bubble composited off the main thread: the screen's and the camera's frames arrive
 * as VideoFrames (MediaStreamTrackProcessor), a Worker draws them into an OffscreenCanvas at the
 * target rate and writes the result into a MediaStreamTrackGenerator, the track MediaRecorder
 * records. No <video> elements, no main-thread canvas: the page stays free for clicks and the
 * upload, and the frames skip the media element's render path.
 */
import { compositorSource, type BubbleLayout, type CameraEffect, type CompositorCommand, type CompositorReport } from './compositor-program';
import type { InkCommand } from './ink';

export type { BubbleLayout, CameraBackground, CameraEffect } from './compositor-program';

interface TrackProcessor {
  readable: ReadableStream<VideoFrame>;
}
interface TrackGenerator extends MediaStreamTrack {
  writable: WritableStream<VideoFrame>;
}
type ProcessorCtor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => TrackProcessor;
type GeneratorCtor = new (init: { kind: 'video' }) => TrackGenerator;

function breakoutBox(): { Processor: ProcessorCtor; Generator: GeneratorCtor } | null {
  const g = globalThis as unknown as { MediaStreamTrackProcessor?: ProcessorCtor; MediaStreamTrackGenerator?: GeneratorCtor; OffscreenCanvas?: unknown; VideoFrame?: unknown };
  if (!g.MediaStreamTrackProcessor || !g.MediaStreamTrackGenerator || !g.OffscreenCanvas || !g.VideoFrame) return null;
  return { Processor: g.MediaStreamTrackProcessor, Generator: g.MediaStreamTrackGenerator };
}

export interface WorkerComposite {
  stream: MediaStream;
  stop(): void;
  setBubble(layout: BubbleLayout): void;
  /** Changes the camera's background (the worker takes the image). */
  setEffect(effect: CameraEffect): void;
  /** A drawing command (stroke begin / point / end, clear). */
  ink(command: InkCommand): void;
}

export interface WorkerCompositeOptions {
  /** The picture: the screen, or the camera when it is recorded alone. */
  picture: MediaStreamTrack;
  /** The camera bubble over the screen, if any. */
  camera: MediaStreamTrack | null;
  cameraIsPicture: boolean;
  fps: number;
  layout: BubbleLayout;
  effect: CameraEffect;
  /** Absolute URL of the recorder's assets, ending in `/` (public/recorder/, or the extension's copy). */
  assets: string;
  /** Average effect cost per frame (ms) above which the effect turns itself off (default 60 % of a frame). */
  budgetMs?: number;
  onError(message: string): void;
  /** The effect's state changed (on, off, given up as too slow, failed to load). */
  onEffect?(report: Extract<CompositorReport, { type: 'effect' }>): void;
  /** Per-frame costs of the effect (benchmarks). */
  onCost?(report: Extract<CompositorReport, { type: 'cost' }>): void;
  /** The worker's script as a file (the extension's); default: the program's source as a Blob. */
  workerUrl?: string;
}

/**
 * Starts the worker compositor, or returns null where the browser lacks MediaStreamTrackProcessor /
 * MediaStreamTrackGenerator (the caller then composites on the page).
 */
export function startWorkerComposite(o: WorkerCompositeOptions): WorkerComposite | null {
  const { fps, layout, onError } = o;
  const api = breakoutBox();
  if (!api) return null;
  let url = '';
  let worker: Worker | null = null;
  let stopped = false;
  try {
    const screenIn = new api.Processor({ track: o.picture, maxBufferSize: 1 });
    const cameraIn = o.camera ? new api.Processor({ track: o.camera, maxBufferSize: 1 }) : null;
    const out = new api.Generator({ kind: 'video' });
    if (o.workerUrl) {
      worker = new Worker(o.workerUrl);
    } else {
      url = URL.createObjectURL(new Blob([compositorSource()], { type: 'text/javascript' }));
      worker = new Worker(url);
    }
    worker.onmessage = (e: MessageEvent<CompositorReport>) => {
      const m = e.data;
      if (m.type === 'error' && !stopped) onError(m.message || 'the compositor stopped');
      // for benchmarks and bug reports: which way the frames are composited
      if (m.type === 'path') console.info(`weft compositor: ${m.path} (${m.format} ${m.width}x${m.height})`);
      if (m.type === 'effect') o.onEffect?.(m);
      if (m.type === 'cost') {
        o.onCost?.(m);
        console.info(`weft effect: segmentation ${m.segmentMs.toFixed(2)} ms + drawing ${m.effectMs.toFixed(2)} ms a frame`);
      }
    };
    const send = (w: Worker, m: CompositorCommand, transfer: Transferable[] = []) => w.postMessage(m, transfer);
    const image = o.effect.image ? [o.effect.image] : [];
    send(
      worker,
      {
        type: 'start',
        screen: screenIn.readable,
        camera: cameraIn?.readable ?? null,
        cameraIsPicture: o.cameraIsPicture,
        out: out.writable,
        fps,
        layout,
        effect: o.effect,
        assets: o.assets,
        budgetMs: o.budgetMs ?? (1000 / fps) * 0.6,
      },
      [screenIn.readable, ...(cameraIn ? [cameraIn.readable] : []), out.writable, ...image] as unknown as Transferable[],
    );
    const w = worker;
    return {
      stream: new MediaStream([out]),
      setBubble: (b) => send(w, { type: 'bubble', layout: b }),
      setEffect: (effect) => send(w, { type: 'effect', effect }, effect.image ? [effect.image] : []),
      ink: (command) => send(w, { type: 'ink', command }),
      stop: () => {
        stopped = true;
        send(w, { type: 'stop' });
        out.stop();
        setTimeout(() => w.terminate(), 100);
        URL.revokeObjectURL(url);
      },
    };
  } catch {
    // streams that cannot be transferred (older builds): composite on the page instead
    worker?.terminate();
    if (url) URL.revokeObjectURL(url);
    return null;
  }
}

/**
 * The camera alone, with a background effect, through the compositor worker: the setup previews and
 * the extension's bubble on the recorded tab. Null where the browser has no worker compositor.
 */
export function startCameraEffect(
  camera: MediaStreamTrack,
  effect: CameraEffect,
  o: Pick<WorkerCompositeOptions, 'assets' | 'workerUrl' | 'onEffect'>,
): WorkerComposite | null {
  return startWorkerComposite({
    picture: camera,
    camera: null,
    cameraIsPicture: true,
    fps: 30,
    // no bubble over a camera recorded alone; the layout is unused
    layout: { fraction: 0.28, margin: 0.035, left: true, top: false, shape: 'circle' },
    effect,
    ...o,
    onError: () => undefined,
  });
}
