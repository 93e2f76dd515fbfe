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

/** Messages the page sends to the worker. */
export type CompositorCommand =
  | { type: 'start'; screen: ReadableStream<VideoFrame>; camera: ReadableStream<VideoFrame>; out: WritableStream<VideoFrame>; fps: number; layout: BubbleLayout }
  | { type: 'bubble'; layout: BubbleLayout }
  | { type: 'stop' };

/** Messages the worker sends back. */
export type CompositorReport =
  | { type: 'error'; message: string }
  | { type: 'path'; path: 'yuv' | 'canvas'; format: string | null; width: number; height: number }
  | { type: 'fps'; fps: number };

/** The parts of a worker's global scope the program uses. */
export interface CompositorScope {
  onmessage: ((e: MessageEvent<CompositorCommand>) => void) | null;
  postMessage(message: CompositorReport): void;
}

export function compositorProgram(scope: CompositorScope): void {
  type Rect = { x: number; y: number; size: number };
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
    return { x: l.left ? margin : w - size - margin, y: l.top ? margin : h - size - margin, size };
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
    c.drawImage(cam, (cw - side) / 2, (ch - side) / 2, side, side, x, y, size, size);
    c.restore();
    c.lineWidth = lw;
    c.strokeStyle = 'rgba(255,255,255,0.85)';
    shapePath(c, l, x, y, size);
    c.stroke();
  }

  // the bubble as straight-alpha RGBA, transparent outside its shape
  function bubblePixels(l: BubbleLayout, cam: VideoFrame, size: number): Uint8ClampedArray {
    if (!bubbleCanvas || !bubbleCtx || bubbleCanvas.width !== size) {
      bubbleCanvas = new OffscreenCanvas(size, size);
      bubbleCtx = bubbleCanvas.getContext('2d', { willReadFrequently: true }) as Ctx2D;
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

  function blend(planes: PlaneLayout[], data: Uint8ClampedArray, nv12: boolean, r: Rect, px: Uint8ClampedArray, cs: VideoColorSpace | null): void {
    const [kr, kb] = KR_KB[(cs && cs.matrix) || 'bt709'] ?? KR_KB.bt709!;
    const kg = 1 - kr - kb;
    const full = Boolean(cs && cs.fullRange);
    const ys = (full ? 255 : 219) / 255;
    const yo = full ? 0 : 16;
    const cs8 = (full ? 255 : 224) / 255;
    const Y = planes[0]!;
    const n = r.size;
    for (let j = 0; j < n; j++) {
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
    for (let j = 0; j < n; j += 2) {
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

  async function composeYuv(s: VideoFrame, cam: VideoFrame | null, size: { w: number; h: number }, timestamp: number): Promise<VideoFrame> {
    const bytes = s.allocationSize();
    if (!buffer || buffer.byteLength !== bytes) buffer = new ArrayBuffer(bytes);
    const planes = await s.copyTo(buffer);
    if (cam && layout) {
      const r = rectOf(layout, size.w, size.h);
      blend(planes, new Uint8ClampedArray(buffer), s.format === 'NV12', r, bubblePixels(layout, cam, r.size), s.colorSpace);
    }
    return new VideoFrame(buffer, {
      format: s.format!,
      codedWidth: size.w,
      codedHeight: size.h,
      timestamp,
      layout: planes,
      colorSpace: s.colorSpace.toJSON ? s.colorSpace.toJSON() : undefined,
    });
  }

  function composeCanvas(s: VideoFrame, cam: VideoFrame | null, size: { w: number; h: number }, timestamp: number): VideoFrame {
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
    ctx.drawImage(s, Math.round((size.w - w) / 2), Math.round((size.h - h) / 2), w, h);
    if (cam && layout) {
      const r = rectOf(layout, size.w, size.h);
      drawBubble(ctx, layout, cam, r.x, r.y, r.size);
    }
    return new VideoFrame(canvas, { timestamp });
  }

  scope.onmessage = (e) => {
    const m = e.data;
    if (m.type === 'bubble') {
      layout = m.layout;
      return;
    }
    if (m.type === 'stop') {
      closed = true;
      clearTimeout(timer);
      if (screen) screen.close();
      if (camera) camera.close();
      return;
    }
    layout = m.layout;
    const writer = m.out.getWriter();
    keep(m.screen, (f) => {
      if (screen) screen.close();
      screen = f;
    });
    keep(m.camera, (f) => {
      if (camera) camera.close();
      camera = f;
    });
    let drawn = 0;
    let path = '';
    let k = 0;
    const t0 = performance.now();
    const period = 1000 / m.fps;
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
        const yuv = (s.format === 'I420' || s.format === 'NV12') && vw === size.w && vh === size.h;
        const frame = yuv ? await composeYuv(s, cam, size, timestamp) : composeCanvas(s, cam, size, timestamp);
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

/** The worker's source: the program applied to the worker's own global scope. */
export function compositorSource(): string {
  return `(${compositorProgram.toString()})(self);`;
}
