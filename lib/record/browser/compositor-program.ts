/**
 * The compositor Worker's program, typed. It runs from a Blob (`compositorSource()`), so it works
 * the same in the Next.js app and in the extension's bundle without a bundler feature for workers:
 * the function must be self-contained — it uses nothing from outside its body but the worker's
 * global scope, which it receives as `scope`.
 *
 * The output keeps the screen's own size (the browser already scaled the capture to the chosen
 * resolution). Where the screen's frames are I420 or NV12 — what Chromium's capture delivers — the
 * bubble is blended straight into a copy of the frame's planes: no RGB conversion of the whole
 * screen, no canvas read-back, and the encoder gets YUV as it wants it. Frames of another format
 * or size (a shared window that was resized) go through an OffscreenCanvas instead.
 */

import { applyInk, drawInk, type InkCommand, type InkStroke } from './ink';

/** Where the bubble goes, relative to the frame (the worker learns the frame's size from the screen). */
export interface BubbleLayout {
  /** Its side as a share of the frame's height. */
  fraction: number;
  /** Its distance from the edges as a share of the frame's height. */
  margin: number;
  left: boolean;
  top: boolean;
  shape: 'circle' | 'rounded';
}

/** What is behind the person on camera: the room as it is, blurred, or a picture. */
export type CameraBackground = 'off' | 'blur' | 'image';

export interface CameraEffect {
  background: CameraBackground;
  /** The picture for `image` (the worker takes it: transferred). */
  image?: ImageBitmap | null;
}

/** Messages the page sends to the worker. */
export type CompositorCommand =
  | {
      type: 'start';
      /** The picture the output is made of: the screen, or the camera when recording the camera alone. */
      screen: ReadableStream<VideoFrame>;
      /** The camera bubble's frames (none: screen only, or the camera is the picture). */
      camera: ReadableStream<VideoFrame> | null;
      /** The picture is the camera: the background effect applies to the whole frame. */
      cameraIsPicture: boolean;
      out: WritableStream<VideoFrame>;
      fps: number;
      layout: BubbleLayout;
      effect: CameraEffect;
      /** Absolute URL of the recorder's assets (segmentation runtime and model), ending in `/`. */
      assets: string;
      /** Average cost of the background effect per frame (ms) above which it turns itself off. */
      budgetMs: number;
    }
  | { type: 'bubble'; layout: BubbleLayout }
  | { type: 'effect'; effect: CameraEffect }
  | { type: 'ink'; command: InkCommand }
  | { type: 'stop' };

/** Messages the worker sends back. */
export type CompositorReport =
  | { type: 'error'; message: string }
  | { type: 'path'; path: 'yuv' | 'canvas'; format: string | null; width: number; height: number }
  | { type: 'fps'; fps: number }
  /** The background effect: running, off on request, given up (too slow) or unavailable (failed to load). */
  | { type: 'effect'; state: 'on' | 'off' | 'slow' | 'failed'; background: CameraBackground; message?: string }
  /** Per-frame averages over the last frames: segmentation and the effect's drawing, ms. */
  | { type: 'cost'; segmentMs: number; effectMs: number; frames: number };

/** The parts of a worker's global scope the program uses. */
export interface CompositorScope {
  onmessage: ((e: MessageEvent<CompositorCommand>) => void) | null;
  postMessage(message: CompositorReport): void;
}

/** The ink functions (ink.ts), handed in: the program is run from its source text. */
export interface InkFunctions {
  applyInk: typeof applyInk;
  drawInk: typeof drawInk;
}

/** The part of @mediapipe/tasks-vision's ImageSegmenter the program uses. */
interface Segmenter {
  segmentForVideo(image: ImageData, timestampMs: number): { confidenceMasks?: Array<{ getAsFloat32Array(): Float32Array }>; close(): void };
  close(): void;
}
interface VisionModule {
  ImageSegmenter: {
    createFromOptions(
      fileset: unknown,
      options: { baseOptions: { modelAssetBuffer: Uint8Array; delegate: 'CPU' | 'GPU' }; runningMode: 'VIDEO'; outputConfidenceMasks: boolean; outputCategoryMask: boolean },
    ): Promise<Segmenter>;
  };
}

export function compositorProgram(scope: CompositorScope, ink: InkFunctions): void {
  type Rect = { x: number; y: number; w: number; h: number };
  type Ctx2D = OffscreenCanvasRenderingContext2D;
  let screen: VideoFrame | null = null;
  let camera: VideoFrame | null = null;
  let layout: BubbleLayout | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let out: { w: number; h: number } | null = null;
  let canvas: OffscreenCanvas | null = null;
  let ctx: Ctx2D | null = null;
  let bubbleCanvas: OffscreenCanvas | null = null;
  let bubbleCtx: Ctx2D | null = null;
  let buffer: ArrayBuffer | null = null;
  const even = (n: number) => Math.max(2, n - (n % 2));
  const canvas2d = (w: number, h: number, read = false): [OffscreenCanvas, Ctx2D] => {
    const c = new OffscreenCanvas(w, h);
    return [c, c.getContext('2d', read ? { willReadFrequently: true } : {}) as Ctx2D];
  };

  // ---- the background effect: person segmentation (MediaPipe) at the camera's drawn size ----
  // the landscape model's input (256×144): 44 % fewer pixels than the general model's 256×256
  const SEGW = 256;
  const SEGH = 144;
  let effect: CameraEffect = { background: 'off' };
  let assets = '';
  let budgetMs = 20;
  let segmenter: Segmenter | null = null;
  let segState: 'none' | 'loading' | 'ready' | 'failed' | 'slow' = 'none';
  let segInput: [OffscreenCanvas, Ctx2D] | null = null;
  let mask: [OffscreenCanvas, Ctx2D] | null = null;
  let maskPixels: ImageData | null = null;
  let smoothed: Float32Array | null = null;
  let hasMask = false;
  let lastSegAt = 0;
  let person: [OffscreenCanvas, Ctx2D] | null = null;
  let blurred: [OffscreenCanvas, Ctx2D] | null = null;
  /** The next draw of the camera segments it (set by the frame clock every `segEvery` frames). */
  let segDue = false;
  // the person is found on one frame in `segEvery` (3: 10 times a second at 30 fps — the smoothed
  // mask hides the steps); a machine short of time finds it less often (up to one in 6) before
  // giving the effect up
  let segEvery = 3;
  let sinceSeg = 0;
  // per-frame costs, reported every 30 frames and watched against the budget
  let segSum = 0;
  let effectSum = 0;
  let costFrames = 0;
  let slowWindows = 0;
  let windowStart = 0;
  let targetFps = 30;

  const report = (state: 'on' | 'off' | 'slow' | 'failed', message?: string) =>
    scope.postMessage({ type: 'effect', state, background: effect.background, ...(message ? { message } : {}) });

  async function loadSegmenter(): Promise<void> {
    if (segState !== 'none') return;
    segState = 'loading';
    try {
      // a classic script (scripts/copy-recorder-assets.mjs wraps the package's CommonJS build): a
      // module import from a blob worker is refused inside the extension
      const g = self as unknown as { importScripts(url: string): void; WeftVision?: VisionModule };
      g.importScripts(`${assets}segmentation/vision_bundle.js`);
      const vision = g.WeftVision;
      if (!vision) throw new Error('the segmentation runtime did not load');
      // the SIMD build, named directly (every browser with MediaStreamTrackProcessor has WebAssembly
      // SIMD; the package's own detection picks the other build inside the extension)
      const fileset = { wasmLoaderPath: `${assets}segmentation/wasm/vision_wasm_internal.js`, wasmBinaryPath: `${assets}segmentation/wasm/vision_wasm_internal.wasm` };
      const res = await fetch(`${assets}segmentation/selfie_segmentation_landscape.tflite`);
      if (!res.ok) throw new Error(`the segmentation model answered ${res.status}`);
      const model = new Uint8Array(await res.arrayBuffer());
      segmenter = await vision.ImageSegmenter.createFromOptions(fileset, {
        baseOptions: { modelAssetBuffer: model, delegate: 'CPU' },
        runningMode: 'VIDEO',
        outputConfidenceMasks: true,
        outputCategoryMask: false,
      });
      if (closed) {
        segmenter.close();
        return;
      }
      segState = 'ready';
      if (effect.background !== 'off') report('on');
    } catch (err) {
      segState = 'failed';
      report('failed', String((err instanceof Error && err.message) || err));
    }
  }

  function effectWanted(): boolean {
    return effect.background === 'blur' || (effect.background === 'image' && !!effect.image);
  }

  /** Segments the camera's drawn part (source rect) into the mask; the mask is smoothed over time. */
  function segment(cam: OffscreenCanvas | VideoFrame, sx: number, sy: number, sw: number, sh: number): void {
    if (!segmenter) return;
    if (!segInput) segInput = canvas2d(SEGW, SEGH, true);
    if (!mask) {
      mask = canvas2d(SEGW, SEGH);
      maskPixels = new ImageData(SEGW, SEGH);
      smoothed = new Float32Array(SEGW * SEGH);
    }
    const t = performance.now();
    segInput[1].drawImage(cam, sx, sy, sw, sh, 0, 0, SEGW, SEGH);
    const at = Math.max(lastSegAt + 1, Math.round(t));
    lastSegAt = at;
    const result = segmenter.segmentForVideo(segInput[1].getImageData(0, 0, SEGW, SEGH), at);
    try {
      const conf = result.confidenceMasks?.[0]?.getAsFloat32Array();
      if (conf && maskPixels && smoothed) {
        const px = maskPixels.data;
        const first = !hasMask;
        // the picture path cuts the person out with a mask image; blur reads `smoothed` directly
        const image = effect.background === 'image';
        for (let i = 0; i < conf.length; i++) {
          const v = first ? conf[i]! : smoothed[i]! * 0.4 + conf[i]! * 0.6;
          smoothed[i] = v;
          if (image) px[i * 4 + 3] = personShare(v) * 255;
        }
        if (image) mask[1].putImageData(maskPixels, 0, 0);
        hasMask = true;
      }
    } finally {
      result.close();
    }
    segSum += performance.now() - t;
  }

  // 0..1: how much of a mask value is person (a soft edge: below 0.25 background, above 0.75 person)
  const personShare = (v: number) => (v <= 0.25 ? 0 : v >= 0.75 ? 1 : (v - 0.25) / 0.5);

  /**
   * Box blur of an RGBA buffer's colours in place: a horizontal and a vertical pass of radius r, each
   * a running sum (the cost does not grow with r); run twice, it is close to a Gaussian.
   */
  function boxBlur(px: Uint8ClampedArray, w: number, h: number, r: number): void {
    const line = new Float32Array(Math.max(w, h) * 3);
    const pass = (n: number, lines: number, at: (line: number, i: number) => number) => {
      for (let l = 0; l < lines; l++) {
        for (let i = 0; i < n; i++) {
          const o = at(l, i);
          line[i * 3] = px[o]!;
          line[i * 3 + 1] = px[o + 1]!;
          line[i * 3 + 2] = px[o + 2]!;
        }
        // the window [i - r, i + r], clamped to the line (edge pixels repeated)
        let a = 0;
        let b = 0;
        let c = 0;
        for (let j = -r; j <= r; j++) {
          const k = Math.min(n - 1, Math.max(0, j)) * 3;
          a += line[k]!;
          b += line[k + 1]!;
          c += line[k + 2]!;
        }
        const size = 2 * r + 1;
        for (let i = 0; i < n; i++) {
          const o = at(l, i);
          px[o] = a / size;
          px[o + 1] = b / size;
          px[o + 2] = c / size;
          const add = Math.min(n - 1, i + r + 1) * 3;
          const drop = Math.max(0, i - r) * 3;
          a += line[add]! - line[drop]!;
          b += line[add + 1]! - line[drop + 1]!;
          c += line[add + 2]! - line[drop + 2]!;
        }
      }
    };
    for (let k = 0; k < 2; k++) {
      pass(w, h, (y, x) => (y * w + x) * 4);
      pass(h, w, (x, y) => (y * w + x) * 4);
    }
  }

  /**
   * Draws the camera's source rect into the destination rect, with the background effect when it
   * runs. The frame is converted to pixels once, by the plain draw; the person is found on, and the
   * effect made from, what that draw put on the canvas.
   */
  function drawCamera(c: Ctx2D, cam: VideoFrame, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, dw: number, dh: number): void {
    c.drawImage(cam, sx, sy, sw, sh, dx, dy, dw, dh);
    if (!(effectWanted() && segState === 'ready')) return;
    if (segDue || !hasMask) {
      segDue = false;
      segment(c.canvas, dx, dy, dw, dh);
    }
    if (!hasMask || !mask || !smoothed) return;
    const t = performance.now();
    const w = Math.max(1, Math.round(dw));
    const h = Math.max(1, Math.round(dh));
    if (effect.background === 'blur') {
      // over the camera, the room blurred at a quarter of the size with the person cut out of it
      // (alpha from the mask), scaled back up: per-pixel work on a sixteenth of the pixels
      const bw = Math.max(8, Math.round(w / 4));
      const bh = Math.max(8, Math.round(h / 4));
      if (!blurred || blurred[0].width !== bw || blurred[0].height !== bh) blurred = canvas2d(bw, bh, true);
      const b = blurred[1];
      b.clearRect(0, 0, bw, bh);
      b.drawImage(c.canvas, dx, dy, dw, dh, 0, 0, bw, bh);
      const img = b.getImageData(0, 0, bw, bh);
      const px = img.data;
      // the same blur whatever the size the camera is drawn at: a radius of 3 % of the width
      boxBlur(px, bw, bh, Math.max(2, Math.round(bw * 0.03)));
      for (let y = 0; y < bh; y++) {
        const row = Math.min(SEGH - 1, Math.floor(((y + 0.5) * SEGH) / bh)) * SEGW;
        for (let x = 0; x < bw; x++) {
          const m = smoothed[row + Math.min(SEGW - 1, Math.floor(((x + 0.5) * SEGW) / bw))]!;
          px[(y * bw + x) * 4 + 3] = 255 * (1 - personShare(m));
        }
      }
      b.putImageData(img, 0, 0);
      c.imageSmoothingEnabled = true;
      c.imageSmoothingQuality = 'low';
      c.drawImage(blurred[0], dx, dy, dw, dh);
    } else if (effect.image) {
      // a picture behind: the person cut out at full size, the picture, then the person over it
      if (!person || person[0].width !== w || person[0].height !== h) person = canvas2d(w, h);
      const p = person[1];
      p.globalCompositeOperation = 'source-over';
      p.clearRect(0, 0, w, h);
      p.drawImage(c.canvas, dx, dy, dw, dh, 0, 0, w, h);
      p.globalCompositeOperation = 'destination-in';
      p.drawImage(mask[0], 0, 0, w, h);
      p.globalCompositeOperation = 'source-over';
      const img = effect.image;
      const k = Math.max(w / img.width, h / img.height);
      const iw = w / k;
      const ih = h / k;
      c.drawImage(img, (img.width - iw) / 2, (img.height - ih) / 2, iw, ih, dx, dy, dw, dh);
      c.drawImage(person[0], dx, dy, dw, dh);
    }
    effectSum += performance.now() - t;
  }

  /**
   * Per-frame cost bookkeeping, reported every 30 frames (or every second). Over budget, the person is
   * found less often (down to one frame in 6; at once when twice over); still over budget there for 3
   * reports in a row, the effect stops.
   */
  function countFrame(): void {
    if (!(effectWanted() && segState === 'ready')) return;
    if (costFrames === 0) windowStart = performance.now();
    costFrames += 1;
    // a window is 30 frames, or one second on a machine making fewer
    if (costFrames < 30 && performance.now() - windowStart < 1000) return;
    const segmentMs = segSum / costFrames;
    const effectMs = effectSum / costFrames;
    scope.postMessage({ type: 'cost', segmentMs, effectMs, frames: costFrames });
    const cost = segmentMs + effectMs;
    // frames made per second in this window, against the target: the machine's time is shared with
    // the encoder, so a frame rate that slips also makes the person be found less often
    const rate = ((costFrames - 1) * 1000) / Math.max(1, performance.now() - windowStart) / targetFps;
    // far over budget (twice it), the person is found as seldom as it can be at once
    if (cost > budgetMs * 2) segEvery = 6;
    else if ((cost > budgetMs || rate < 0.9) && segEvery < 6) segEvery += 1;
    else if (cost < budgetMs * 0.5 && rate > 0.97 && segEvery > 3) segEvery -= 1;
    slowWindows = cost > budgetMs && segEvery >= 6 ? slowWindows + 1 : 0;
    segSum = 0;
    effectSum = 0;
    costFrames = 0;
    if (slowWindows >= 3) {
      segState = 'slow';
      segmenter?.close();
      segmenter = null;
      report('slow', `${(segmentMs + effectMs).toFixed(1)} ms a frame, over ${budgetMs} ms`);
    }
  }

  // ---- ink ----
  const strokes: InkStroke[] = [];
  let inkLayer: [OffscreenCanvas, Ctx2D] | null = null;
  let inkDirty: Rect | null = null;

  function keep(readable: ReadableStream<VideoFrame>, set: (f: VideoFrame) => void): void {
    const reader = readable.getReader();
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || closed) {
          if (value) value.close();
          break;
        }
        set(value);
      }
    })().catch(() => undefined);
  }

  // the same rule as bubbleRect() on the page: a share of the frame's height, in a corner
  function rectOf(l: BubbleLayout, w: number, h: number): Rect {
    const size = even(Math.round(h * l.fraction));
    const margin = even(Math.round(h * l.margin));
    return { x: l.left ? margin : w - size - margin, y: l.top ? margin : h - size - margin, w: size, h: size };
  }

  function shapePath(c: Ctx2D, l: BubbleLayout, x: number, y: number, size: number): void {
    c.beginPath();
    if (l.shape === 'circle') c.arc(x + size / 2, y + size / 2, size / 2, 0, Math.PI * 2);
    else c.roundRect(x, y, size, size, size * 0.18);
  }

  function drawBubble(c: Ctx2D, l: BubbleLayout, cam: VideoFrame, x0: number, y0: number, size0: number): void {
    const cw = cam.displayWidth;
    const ch = cam.displayHeight;
    const side = Math.min(cw, ch);
    const lw = Math.max(2, size0 * 0.02);
    // inset by half the ring's width, so the ring stays inside the bubble's square
    const x = x0 + lw / 2;
    const y = y0 + lw / 2;
    const size = size0 - lw;
    c.save();
    shapePath(c, l, x, y, size);
    c.clip();
    drawCamera(c, cam, (cw - side) / 2, (ch - side) / 2, side, side, x, y, size, size);
    c.restore();
    c.lineWidth = lw;
    c.strokeStyle = 'rgba(255,255,255,0.85)';
    shapePath(c, l, x, y, size);
    c.stroke();
  }

  // the bubble as straight-alpha RGBA, transparent outside its shape
  function bubblePixels(l: BubbleLayout, cam: VideoFrame, size: number): Uint8ClampedArray {
    if (!bubbleCanvas || !bubbleCtx || bubbleCanvas.width !== size) {
      [bubbleCanvas, bubbleCtx] = canvas2d(size, size, true);
    }
    bubbleCtx.clearRect(0, 0, size, size);
    drawBubble(bubbleCtx, l, cam, 0, 0, size);
    return bubbleCtx.getImageData(0, 0, size, size).data;
  }

  const KR_KB: Record<string, [number, number]> = {
    bt709: [0.2126, 0.0722],
    smpte170m: [0.299, 0.114],
    bt470bg: [0.299, 0.114],
    bt2020_ncl: [0.2627, 0.0593],
  };

  // straight-alpha RGBA pixels (r.w × r.h) blended into the frame's Y and U/V planes at r (even x, y, w, h)
  function blend(planes: PlaneLayout[], data: Uint8ClampedArray, nv12: boolean, r: Rect, px: Uint8ClampedArray, cs: VideoColorSpace | null): void {
    const [kr, kb] = KR_KB[(cs && cs.matrix) || 'bt709'] ?? KR_KB.bt709!;
    const kg = 1 - kr - kb;
    const full = Boolean(cs && cs.fullRange);
    const ys = (full ? 255 : 219) / 255;
    const yo = full ? 0 : 16;
    const cs8 = (full ? 255 : 224) / 255;
    const Y = planes[0]!;
    const n = r.w;
    for (let j = 0; j < r.h; j++) {
      let o = Y.offset + (r.y + j) * Y.stride + r.x;
      for (let i = 0, p = j * n * 4; i < n; i++, p += 4, o++) {
        const a = px[p + 3]!;
        if (a === 0) continue;
        const v = yo + ys * (kr * px[p]! + kg * px[p + 1]! + kb * px[p + 2]!);
        data[o] = a === 255 ? v : (data[o]! * (255 - a) + v * a) / 255;
      }
    }
    const U = planes[1]!;
    const V = nv12 ? planes[1]! : planes[2]!;
    for (let j = 0; j < r.h; j += 2) {
      for (let i = 0; i < n; i += 2) {
        let a = 0;
        let rr = 0;
        let gg = 0;
        let bb = 0;
        for (let q = 0; q < 4; q++) {
          const p = ((j + (q >> 1)) * n + i + (q & 1)) * 4;
          const w = px[p + 3]!;
          a += w;
          rr += px[p]! * w;
          gg += px[p + 1]! * w;
          bb += px[p + 2]! * w;
        }
        if (a === 0) continue;
        rr /= a;
        gg /= a;
        bb /= a;
        const yy = kr * rr + kg * gg + kb * bb;
        const u = 128 + (cs8 * (bb - yy)) / (2 * (1 - kb));
        const v = 128 + (cs8 * (rr - yy)) / (2 * (1 - kr));
        const t = a / 1020;
        const cx = (r.x + i) >> 1;
        const cy = (r.y + j) >> 1;
        const ou = U.offset + cy * U.stride + (nv12 ? cx * 2 : cx);
        const ov = nv12 ? ou + 1 : V.offset + cy * V.stride + cx;
        data[ou] = data[ou]! * (1 - t) + u * t;
        data[ov] = data[ov]! * (1 - t) + v * t;
      }
    }
  }

  /** Paints the strokes on the ink layer (frame-sized, cleared where it was painted last); the painted box. */
  function paintInk(w: number, h: number): Rect | null {
    if (strokes.length === 0 && !inkDirty) return null;
    if (!inkLayer || inkLayer[0].width !== w || inkLayer[0].height !== h) inkLayer = canvas2d(w, h, true);
    const c = inkLayer[1];
    if (inkDirty) c.clearRect(inkDirty.x, inkDirty.y, inkDirty.w, inkDirty.h);
    inkDirty = ink.drawInk(c, strokes, w, h, performance.now());
    return inkDirty;
  }

  async function composeYuv(s: VideoFrame, cam: VideoFrame | null, size: { w: number; h: number }, timestamp: number): Promise<VideoFrame> {
    const bytes = s.allocationSize();
    if (!buffer || buffer.byteLength !== bytes) buffer = new ArrayBuffer(bytes);
    const planes = await s.copyTo(buffer);
    const data = new Uint8ClampedArray(buffer);
    const nv12 = s.format === 'NV12';
    if (cam && layout) {
      const r = rectOf(layout, size.w, size.h);
      blend(planes, data, nv12, r, bubblePixels(layout, cam, r.w), s.colorSpace);
    }
    const box = paintInk(size.w, size.h);
    if (box && inkLayer) blend(planes, data, nv12, box, inkLayer[1].getImageData(box.x, box.y, box.w, box.h).data, s.colorSpace);
    return new VideoFrame(buffer, {
      format: s.format!,
      codedWidth: size.w,
      codedHeight: size.h,
      timestamp,
      layout: planes,
      colorSpace: s.colorSpace.toJSON ? s.colorSpace.toJSON() : undefined,
    });
  }

  function composeCanvas(s: VideoFrame, cam: VideoFrame | null, size: { w: number; h: number }, timestamp: number, isCamera: boolean): VideoFrame {
    if (!canvas || !ctx) {
      canvas = new OffscreenCanvas(size.w, size.h);
      ctx = canvas.getContext('2d', { alpha: false, desynchronized: true }) as Ctx2D;
    }
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, size.w, size.h);
    const sw = s.displayWidth;
    const sh = s.displayHeight;
    const k = Math.min(size.w / sw, size.h / sh);
    const w = Math.round(sw * k);
    const h = Math.round(sh * k);
    if (isCamera) drawCamera(ctx, s, 0, 0, sw, sh, Math.round((size.w - w) / 2), Math.round((size.h - h) / 2), w, h);
    else ctx.drawImage(s, Math.round((size.w - w) / 2), Math.round((size.h - h) / 2), w, h);
    if (cam && layout) {
      const r = rectOf(layout, size.w, size.h);
      drawBubble(ctx, layout, cam, r.x, r.y, r.w);
    }
    ink.drawInk(ctx, strokes, size.w, size.h, performance.now());
    return new VideoFrame(canvas, { timestamp });
  }

  function setEffect(next: CameraEffect): void {
    if (effect.image && effect.image !== next.image) effect.image.close();
    effect = next;
    hasMask = false;
    if (next.background === 'off') {
      report('off');
      return;
    }
    if (segState === 'slow') return report('slow', 'this computer was too slow for it earlier in this recording');
    if (segState === 'failed') return report('failed', 'it could not be loaded');
    if (segState === 'ready') return report('on');
    void loadSegmenter();
  }

  scope.onmessage = (e) => {
    const m = e.data;
    if (m.type === 'bubble') {
      layout = m.layout;
      return;
    }
    if (m.type === 'effect') {
      setEffect(m.effect);
      return;
    }
    if (m.type === 'ink') {
      ink.applyInk(strokes, m.command, performance.now());
      return;
    }
    if (m.type === 'stop') {
      closed = true;
      clearTimeout(timer);
      if (screen) screen.close();
      if (camera) camera.close();
      segmenter?.close();
      return;
    }
    layout = m.layout;
    assets = m.assets;
    budgetMs = m.budgetMs;
    const cameraIsPicture = m.cameraIsPicture;
    setEffect(m.effect);
    const writer = m.out.getWriter();
    keep(m.screen, (f) => {
      if (screen) screen.close();
      screen = f;
    });
    if (m.camera) {
      keep(m.camera, (f) => {
        if (camera) camera.close();
        camera = f;
      });
    }
    let drawn = 0;
    let path = '';
    let k = 0;
    const t0 = performance.now();
    const period = 1000 / m.fps;
    targetFps = m.fps;
    // frames on a clock: each is due at t0 + k·period; one that ran late is followed at once, and a
    // machine too slow for the rate drops the frames it missed instead of queueing them
    const next = () => {
      if (closed) return;
      const now = performance.now();
      k += 1;
      if (t0 + k * period < now - period) k = Math.ceil((now - t0) / period);
      timer = setTimeout(tick, Math.max(0, t0 + k * period - now));
    };
    const tick = async (): Promise<void> => {
      if (closed) return;
      if (!screen) return next();
      const s = screen.clone();
      const cam = camera ? camera.clone() : null;
      try {
        const vw = s.visibleRect ? s.visibleRect.width : s.displayWidth;
        const vh = s.visibleRect ? s.visibleRect.height : s.displayHeight;
        if (!out) out = { w: even(vw), h: even(vh) }; // the recording keeps the size it started with
        const size = out;
        const timestamp = Math.round((performance.now() - t0) * 1000);
        sinceSeg += 1;
        if (sinceSeg >= segEvery) {
          sinceSeg = 0;
          segDue = true;
        }
        const effectOnPicture = cameraIsPicture && effectWanted() && segState === 'ready';
        const yuv = !effectOnPicture && (s.format === 'I420' || s.format === 'NV12') && vw === size.w && vh === size.h;
        const frame = yuv ? await composeYuv(s, cam, size, timestamp) : composeCanvas(s, cam, size, timestamp, cameraIsPicture);
        countFrame();
        const now = yuv ? 'yuv' : 'canvas';
        if (path !== now) {
          path = now;
          scope.postMessage({ type: 'path', path: now, format: s.format, width: size.w, height: size.h });
        }
        await writer.write(frame); // the track takes the frame (and closes it)
        if (++drawn % 30 === 0) scope.postMessage({ type: 'fps', fps: drawn / ((performance.now() - t0) / 1000) });
        next();
      } catch (err) {
        // a write cut short by Stop is no error
        if (!closed) scope.postMessage({ type: 'error', message: String((err instanceof Error && err.message) || err) });
      } finally {
        s.close();
        if (cam) cam.close();
      }
    };
    timer = setTimeout(tick, 0);
  };
}

/** The worker's source: the program applied to the worker's own global scope and the ink functions. */
export function compositorSource(): string {
  return `const applyInk = ${applyInk.toString()};\nconst drawInk = ${drawInk.toString()};\n(${compositorProgram.toString()})(self, { applyInk, drawInk });`;
}
