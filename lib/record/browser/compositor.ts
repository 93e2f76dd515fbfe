/**
 * The camera bubble composited off the main thread: the screen's and the camera's frames arrive
 * as VideoFrames (MediaStreamTrackProcessor), a Worker draws them into an OffscreenCanvas at the
 * target rate and writes the result into a MediaStreamTrackGenerator, the track MediaRecorder
 * records. No <video> elements, no main-thread canvas: the page stays free for clicks and the
 * upload, and the frames skip the media element's render path.
 */
import { compositorSource, type BubbleLayout, type CompositorCommand, type CompositorReport } from './compositor-program';

export type { BubbleLayout } from './compositor-program';

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
}

/**
 * Starts the worker compositor, or returns null where the browser lacks MediaStreamTrackProcessor /
 * MediaStreamTrackGenerator (the caller then composites on the page).
 */
export function startWorkerComposite(
  screen: MediaStreamTrack,
  camera: MediaStreamTrack,
  fps: number,
  layout: BubbleLayout,
  onError: (message: string) => void,
): WorkerComposite | null {
  const api = breakoutBox();
  if (!api) return null;
  let url = '';
  let worker: Worker | null = null;
  let stopped = false;
  try {
    const screenIn = new api.Processor({ track: screen, maxBufferSize: 1 });
    const cameraIn = new api.Processor({ track: camera, maxBufferSize: 1 });
    const out = new api.Generator({ kind: 'video' });
    url = URL.createObjectURL(new Blob([compositorSource()], { type: 'text/javascript' }));
    worker = new Worker(url);
    worker.onmessage = (e: MessageEvent<CompositorReport>) => {
      const m = e.data;
      if (m.type === 'error' && !stopped) onError(m.message || 'the compositor stopped');
      // for benchmarks and bug reports: which way the frames are composited
      if (m.type === 'path') console.info(`weft compositor: ${m.path} (${m.format} ${m.width}x${m.height})`);
    };
    const send = (w: Worker, m: CompositorCommand, transfer: Transferable[] = []) => w.postMessage(m, transfer);
    send(
      worker,
      { type: 'start', screen: screenIn.readable, camera: cameraIn.readable, out: out.writable, fps, layout },
      [screenIn.readable, cameraIn.readable, out.writable] as unknown as Transferable[],
    );
    const w = worker;
    return {
      stream: new MediaStream([out]),
      setBubble: (b) => send(w, { type: 'bubble', layout: b }),
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
