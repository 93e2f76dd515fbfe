import { expect, test } from '@playwright/test';
import { compositorSource } from '../lib/record/browser/compositor-program';

/**
 * The compositor Worker in Chromium, on real VideoFrames: a dark grey screen and a red camera go in,
 * and the frames that come out must have the red bubble where the layout puts it — a circle in the
 * chosen corner, the screen everywhere else — and follow a layout change. Once per input format:
 * I420 and NV12 (what Chromium's capture delivers: blended in YUV) and RGBA (through a canvas).
 */
const W = 640;
const H = 360;

type Sample = [number, number, number];
interface Result {
  reports: Array<{ type: string; path?: string; format?: string | null; width?: number; height?: number }>;
  frames: number;
  size: [number, number];
  before: Sample[];
  after: Sample[];
}

for (const format of ['I420', 'NV12', 'RGBA'] as const) {
  test(`the camera bubble lands where the layout says, in ${format} frames`, async ({ page }) => {
    // a secure context (WebCodecs): any page of the app
    await page.goto('/api/v1/health');
    const result = await page.evaluate(
      async ({ source, format, W, H }) => {
        const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
        // a frame of one colour: Y/U/V for the YUV formats, the matching RGB for RGBA
        function solid(w: number, h: number, fmt: 'I420' | 'NV12' | 'RGBA', yuv: [number, number, number], rgb: [number, number, number], timestamp: number): VideoFrame {
          if (fmt === 'RGBA') {
            const px = new Uint8Array(w * h * 4);
            for (let i = 0; i < w * h; i++) px.set([...rgb, 255], i * 4);
            return new VideoFrame(px, { format: 'RGBA', codedWidth: w, codedHeight: h, timestamp });
          }
          const data = new Uint8Array((w * h * 3) / 2);
          data.fill(yuv[0], 0, w * h);
          if (fmt === 'I420') {
            data.fill(yuv[1], w * h, w * h + (w * h) / 4);
            data.fill(yuv[2], w * h + (w * h) / 4);
          } else for (let i = w * h; i < data.length; i += 2) data.set([yuv[1], yuv[2]], i);
          return new VideoFrame(data, { format: fmt, codedWidth: w, codedHeight: h, timestamp, colorSpace: { matrix: 'bt709', primaries: 'bt709', transfer: 'bt709', fullRange: false } });
        }
        let t = 0;
        const stream = (make: () => VideoFrame) =>
          new ReadableStream<VideoFrame>({
            async pull(c) {
              await sleep(33);
              c.enqueue(make());
            },
          });
        const screen = stream(() => solid(W, H, format, [48, 128, 128], [40, 40, 40], (t += 33_333)));
        // BT.709 red, limited range
        const camera = stream(() => solid(320, 240, 'I420', [63, 102, 240], [220, 20, 20], t));
        const frames: VideoFrame[] = [];
        const out = new WritableStream<VideoFrame>({
          write(f) {
            frames.push(f);
            if (frames.length > 3) frames.shift()?.close();
          },
        });
        const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
        const reports: Result['reports'] = [];
        worker.onmessage = (e) => reports.push(e.data);
        const layout = { fraction: 0.25, margin: 0.02, left: false, top: false, shape: 'circle' as const };
        worker.postMessage({ type: 'start', screen, camera, cameraIsPicture: false, out, fps: 30, layout, effect: { background: 'off' }, assets: location.origin + '/recorder/', budgetMs: 20 }, [screen as unknown as Transferable, camera as unknown as Transferable, out as unknown as Transferable]);

        const sample = (points: Array<[number, number]>): Sample[] => {
          const f = frames[frames.length - 1]!;
          const c = new OffscreenCanvas(f.displayWidth, f.displayHeight);
          const g = c.getContext('2d')!;
          g.drawImage(f, 0, 0);
          return points.map(([x, y]) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3)) as Sample);
        };
        const deadline = Date.now() + 10_000;
        while (frames.length < 3 && Date.now() < deadline) await sleep(50);
        await sleep(300);
        // the bubble: 90 px (a quarter of 360), 8 px from the bottom-right corner
        const size = 90;
        const m = 8;
        const bx = W - size - m;
        const by = H - size - m;
        const before = sample([
          [bx + size / 2, by + size / 2], // its centre
          [20, 20], // the screen
          [bx + 3, by + 3], // the square's corner, outside the circle
          [bx - 6, by + size / 2], // just left of it
        ]);
        worker.postMessage({ type: 'bubble', layout: { ...layout, left: true, top: true } });
        await sleep(500);
        const after = sample([
          [m + size / 2, m + size / 2], // the new place
          [bx + size / 2, by + size / 2], // the old place
        ]);
        const f = frames[frames.length - 1]!;
        const result: Result = { reports, frames: frames.length, size: [f.displayWidth, f.displayHeight], before, after };
        worker.postMessage({ type: 'stop' });
        for (const x of frames) x.close();
        worker.terminate();
        return result;
      },
      { source: compositorSource(), format, W, H },
    );

    const red = (p: Sample) => p[0] > 150 && p[0] - p[1] > 100 && p[0] - p[2] > 100;
    const grey = (p: Sample) => Math.max(...p) < 80 && Math.max(...p) - Math.min(...p) < 20;
    expect(result.reports.filter((r) => r.type === 'error')).toEqual([]);
    expect(result.reports.find((r) => r.type === 'path')).toMatchObject({ path: format === 'RGBA' ? 'canvas' : 'yuv', width: W, height: H });
    expect(result.size).toEqual([W, H]);
    const [centre, screen, corner, beside] = result.before;
    expect({ centre, red: red(centre!) }).toMatchObject({ red: true });
    for (const p of [screen!, corner!, beside!]) expect({ p, grey: grey(p) }).toMatchObject({ grey: true });
    // the layout changed while recording: the bubble moved to the top-left corner
    const [moved, left] = result.after;
    expect({ moved, red: red(moved!) }).toMatchObject({ red: true });
    expect({ left, grey: grey(left!) }).toMatchObject({ grey: true });
  });
}
