/**
 * The camera bubble composited off the main thread: the screen's and the camera's frames arrive
 * as VideoFrames (MediaStreamTrackProcessor), a Worker draws them into an OffscreenCanvas at the
 * target rate and writes the result into a MediaStreamTrackGenerator, the track MediaRecorder
 * records. No <video> elements, no main-thread canvas: the page stays free for clicks and the
 * upload, and the frames skip the media element's render path.
 */
import type { BubbleOptions } from './capture';

/** Where the bubble goes, relative to the frame (the worker learns the frame's size from the screen). */
export interface BubbleLayout {
  /** Its side as a share of the frame's height. */
  fraction: number;
  /** Its distance from the edges as a share of the frame's height. */
  margin: number;
  left: boolean;
  top: boolean;
  shape: BubbleOptions['shape'];
}

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

/**
 * Plain JavaScript: the worker is started from a Blob, outside the app's bundle.
 *
 * The output keeps the screen's own size (the browser already scaled the capture to the chosen
 * resolution). Where the screen's frames are I420 or NV12 — what Chromium's capture delivers — the
 * bubble is blended straight into a copy of the frame's planes: no RGB conversion of the whole
 * screen, no canvas read-back, and the encoder gets YUV as it wants it. Frames of another format
 * or size (a shared window that was resized) go through an OffscreenCanvas instead.
 */
const WORKER_SOURCE = String.raw`
let screen = null, camera = null, layout = null, timer = 0, closed = false;
let out = null, canvas = null, ctx = null, bubbleCanvas = null, bubbleCtx = null, buffer = null;
const even = (n) => Math.max(2, n - (n % 2));
function keep(readable, set) {
  const reader = readable.getReader();
  (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || closed) { value && value.close(); break; }
      set(value);
    }
  })().catch(() => {});
}
// the same rule as bubbleRect() on the page: a share of the frame's height, in a corner
function rectOf(w, h) {
  const size = even(Math.round(h * layout.fraction));
  const margin = even(Math.round(h * layout.margin));
  return { x: layout.left ? margin : w - size - margin, y: layout.top ? margin : h - size - margin, size };
}
function shapePath(c, x, y, size) {
  c.beginPath();
  if (layout.shape === 'circle') c.arc(x + size / 2, y + size / 2, size / 2, 0, Math.PI * 2);
  else c.roundRect(x, y, size, size, size * 0.18);
}
function drawBubble(c, cam, x0, y0, size0) {
  const cw = cam.displayWidth, ch = cam.displayHeight, side = Math.min(cw, ch);
  const lw = Math.max(2, size0 * 0.02);
  // inset by half the ring's width, so the ring stays inside the bubble's square
  const x = x0 + lw / 2, y = y0 + lw / 2, size = size0 - lw;
  c.save();
  shapePath(c, x, y, size);
  c.clip();
  c.drawImage(cam, (cw - side) / 2, (ch - side) / 2, side, side, x, y, size, size);
  c.restore();
  c.lineWidth = lw;
  c.strokeStyle = 'rgba(255,255,255,0.85)';
  shapePath(c, x, y, size);
  c.stroke();
}
// the bubble as straight-alpha RGBA, transparent outside its shape
function bubblePixels(cam, size) {
  if (!bubbleCanvas || bubbleCanvas.width !== size) {
    bubbleCanvas = new OffscreenCanvas(size, size);
    bubbleCtx = bubbleCanvas.getContext('2d', { willReadFrequently: true });
  }
  bubbleCtx.clearRect(0, 0, size, size);
  drawBubble(bubbleCtx, cam, 0, 0, size);
  return bubbleCtx.getImageData(0, 0, size, size).data;
}
const KR_KB = { bt709: [0.2126, 0.0722], smpte170m: [0.299, 0.114], bt470bg: [0.299, 0.114], bt2020_ncl: [0.2627, 0.0593] };
function blend(planes, data, nv12, r, px, cs) {
  const [kr, kb] = KR_KB[(cs && cs.matrix) || 'bt709'] || KR_KB.bt709;
  const kg = 1 - kr - kb;
  const full = Boolean(cs && cs.fullRange);
  const ys = (full ? 255 : 219) / 255, yo = full ? 0 : 16, cs8 = (full ? 255 : 224) / 255;
  const Y = planes[0], n = r.size;
  for (let j = 0; j < n; j++) {
    let o = Y.offset + (r.y + j) * Y.stride + r.x;
    for (let i = 0, p = j * n * 4; i < n; i++, p += 4, o++) {
      const a = px[p + 3];
      if (a === 0) continue;
      const v = yo + ys * (kr * px[p] + kg * px[p + 1] + kb * px[p + 2]);
      data[o] = a === 255 ? v : (data[o] * (255 - a) + v * a) / 255;
    }
  }
  const U = planes[1], V = nv12 ? planes[1] : planes[2];
  for (let j = 0; j < n; j += 2) {
    for (let i = 0; i < n; i += 2) {
      let a = 0, rr = 0, gg = 0, bb = 0;
      for (let q = 0; q < 4; q++) {
        const p = ((j + (q >> 1)) * n + i + (q & 1)) * 4, w = px[p + 3];
        a += w; rr += px[p] * w; gg += px[p + 1] * w; bb += px[p + 2] * w;
      }
      if (a === 0) continue;
      rr /= a; gg /= a; bb /= a;
      const yy = kr * rr + kg * gg + kb * bb;
      const u = 128 + (cs8 * (bb - yy)) / (2 * (1 - kb));
      const v = 128 + (cs8 * (rr - yy)) / (2 * (1 - kr));
      const t = a / 1020, cx = (r.x + i) >> 1, cy = (r.y + j) >> 1;
      const ou = U.offset + cy * U.stride + (nv12 ? cx * 2 : cx);
      const ov = nv12 ? ou + 1 : V.offset + cy * V.stride + cx;
      data[ou] = data[ou] * (1 - t) + u * t;
      data[ov] = data[ov] * (1 - t) + v * t;
    }
  }
}
async function composeYuv(s, cam, timestamp) {
  const size = s.allocationSize();
  if (!buffer || buffer.byteLength !== size) buffer = new ArrayBuffer(size);
  const planes = await s.copyTo(buffer);
  if (cam && layout) blend(planes, new Uint8ClampedArray(buffer), s.format === 'NV12', rectOf(out.w, out.h), bubblePixels(cam, rectOf(out.w, out.h).size), s.colorSpace);
  return new VideoFrame(buffer, { format: s.format, codedWidth: out.w, codedHeight: out.h, timestamp, layout: planes, colorSpace: s.colorSpace.toJSON ? s.colorSpace.toJSON() : undefined });
}
function composeCanvas(s, cam, timestamp) {
  if (!canvas) {
    canvas = new OffscreenCanvas(out.w, out.h);
    ctx = canvas.getContext('2d', { alpha: false, desynchronized: true });
  }
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, out.w, out.h);
  const sw = s.displayWidth, sh = s.displayHeight, k = Math.min(out.w / sw, out.h / sh);
  const w = Math.round(sw * k), h = Math.round(sh * k);
  ctx.drawImage(s, Math.round((out.w - w) / 2), Math.round((out.h - h) / 2), w, h);
  if (cam && layout) {
    const r = rectOf(out.w, out.h);
    drawBubble(ctx, cam, r.x, r.y, r.size);
  }
  return new VideoFrame(canvas, { timestamp });
}
onmessage = (e) => {
  const m = e.data;
  if (m.type === 'bubble') { layout = m.layout; return; }
  if (m.type === 'stop') {
    closed = true;
    clearTimeout(timer);
    screen && screen.close();
    camera && camera.close();
    return;
  }
  if (m.type !== 'start') return;
  layout = m.layout;
  const writer = m.out.getWriter();
  keep(m.screen, (f) => { screen && screen.close(); screen = f; });
  keep(m.camera, (f) => { camera && camera.close(); camera = f; });
  let drawn = 0, path = '', k = 0;
  const t0 = performance.now(), period = 1000 / m.fps;
  // frames on a clock: each is due at t0 + k·period; one that ran late is followed at once, and a
  // machine too slow for the rate drops the frames it missed instead of queueing them
  const next = () => {
    if (closed) return;
    const now = performance.now();
    k += 1;
    if (t0 + k * period < now - period) k = Math.ceil((now - t0) / period);
    timer = setTimeout(tick, Math.max(0, t0 + k * period - now));
  };
  const tick = async () => {
    if (closed) return;
    if (!screen) return next();
    const s = screen.clone(), cam = camera && camera.clone();
    try {
      const vw = s.visibleRect.width, vh = s.visibleRect.height;
      if (!out) out = { w: even(vw), h: even(vh) }; // the recording keeps the size it started with
      const timestamp = Math.round((performance.now() - t0) * 1000);
      const yuv = (s.format === 'I420' || s.format === 'NV12') && vw === out.w && vh === out.h;
      const frame = yuv ? await composeYuv(s, cam, timestamp) : composeCanvas(s, cam, timestamp);
      if (path !== (yuv ? 'yuv' : 'canvas')) { path = yuv ? 'yuv' : 'canvas'; postMessage({ type: 'path', path, format: s.format, width: out.w, height: out.h }); }
      await writer.write(frame); // the track takes the frame (and closes it)
      if (++drawn % 30 === 0) postMessage({ type: 'fps', fps: drawn / ((performance.now() - t0) / 1000) });
      next();
    } catch (err) {
      // a write cut short by Stop is no error
      if (!closed) postMessage({ type: 'error', message: String((err && err.message) || err) });
    } finally {
      s.close();
      cam && cam.close();
    }
  };
  timer = setTimeout(tick, 0);
};
`;

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
    url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    worker = new Worker(url);
    worker.onmessage = (e: MessageEvent<{ type: string; message?: string; path?: string; format?: string; width?: number; height?: number }>) => {
      if (e.data.type === 'error' && !stopped) onError(e.data.message ?? 'the compositor stopped');
      // for benchmarks and bug reports: which way the frames are composited
      if (e.data.type === 'path') console.info(`weft compositor: ${e.data.path} (${e.data.format} ${e.data.width}x${e.data.height})`);
    };
    worker.postMessage(
      { type: 'start', screen: screenIn.readable, camera: cameraIn.readable, out: out.writable, fps, layout },
      [screenIn.readable, cameraIn.readable, out.writable] as unknown as Transferable[],
    );
    const w = worker;
    return {
      stream: new MediaStream([out]),
      setBubble: (b) => w.postMessage({ type: 'bubble', layout: b }),
      stop: () => {
        stopped = true;
        w.postMessage({ type: 'stop' });
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
