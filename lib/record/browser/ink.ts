/**
 * Drawing while recording: strokes of a pen, a highlighter or an arrow, in coordinates relative to
 * the picture (0..1), so the page that takes the pointer and the place that paints them (the
 * compositor's worker for /record, the recorded tab for the extension) need not share a size.
 * A stroke fades out a few seconds after it ends unless it is kept; `clear` removes them all.
 *
 * `applyInk` and `drawInk` are self-contained (nothing from outside their bodies): the compositor's
 * worker runs their source text (compositor-program.ts), the extension's content script and the
 * page's own preview call them directly.
 */
export type InkTool = 'pen' | 'highlighter' | 'arrow';

export interface InkStroke {
  id: number;
  tool: InkTool;
  color: string;
  /** x0, y0, x1, y1, … relative to the picture (0..1). */
  points: number[];
  /** When the pointer went up (the painter's clock, ms); null while drawing. */
  endedAt: number | null;
  /** Stays until cleared instead of fading. */
  keep: boolean;
}

export type InkCommand =
  | { op: 'begin'; id: number; tool: InkTool; color: string; x: number; y: number; keep: boolean }
  | { op: 'point'; id: number; x: number; y: number }
  | { op: 'end'; id: number }
  | { op: 'clear' };

export const INK_TOOLS: ReadonlyArray<[InkTool, string]> = [
  ['pen', 'Pen'],
  ['highlighter', 'Highlighter'],
  ['arrow', 'Arrow'],
];
export const INK_COLORS: ReadonlyArray<[string, string]> = [
  ['#ef4444', 'Red'],
  ['#facc15', 'Yellow'],
  ['#22c55e', 'Green'],
  ['#3b82f6', 'Blue'],
  ['#ffffff', 'White'],
];

/** Applies a command to the strokes (in place) and returns them; `now` stamps a stroke's end. */
export function applyInk(strokes: InkStroke[], c: InkCommand, now: number): InkStroke[] {
  const clamp = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
  if (c.op === 'clear') {
    strokes.length = 0;
    return strokes;
  }
  if (c.op === 'begin') {
    strokes.push({ id: c.id, tool: c.tool, color: c.color, points: [clamp(c.x), clamp(c.y)], endedAt: null, keep: c.keep });
    // a runaway page cannot grow the list without end
    if (strokes.length > 200) strokes.splice(0, strokes.length - 200);
    return strokes;
  }
  const s = strokes.find((x) => x.id === c.id);
  if (!s) return strokes;
  if (c.op === 'point') {
    if (s.points.length < 20_000) {
      if (s.tool === 'arrow' && s.points.length >= 4) s.points.splice(2, 2, clamp(c.x), clamp(c.y));
      else s.points.push(clamp(c.x), clamp(c.y));
    }
  } else if (s.endedAt === null) {
    s.endedAt = now;
  }
  return strokes;
}

/**
 * Paints the strokes on a w×h context (cleared by the caller) and drops the ones that have faded.
 * Returns the box that was painted (to blend only that part of a frame), or null when nothing was.
 */
export function drawInk(
  ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D,
  strokes: InkStroke[],
  w: number,
  h: number,
  now: number,
): { x: number; y: number; w: number; h: number } | null {
  const FADE_AFTER = 3000;
  const FADE = 700;
  const base = Math.max(3, h * 0.006);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = strokes.length - 1; i >= 0; i--) {
    const s = strokes[i]!;
    if (!s.keep && s.endedAt !== null && now - s.endedAt > FADE_AFTER + FADE) strokes.splice(i, 1);
  }
  for (const s of strokes) {
    const fade = s.keep || s.endedAt === null ? 1 : Math.max(0, Math.min(1, 1 - (now - s.endedAt - FADE_AFTER) / FADE));
    if (fade <= 0 || s.points.length < 2) continue;
    const width = s.tool === 'highlighter' ? base * 4 : base;
    ctx.save();
    ctx.globalAlpha = fade * (s.tool === 'highlighter' ? 0.38 : 1);
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = width;
    ctx.lineCap = s.tool === 'highlighter' ? 'square' : 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    const px = (k: number) => s.points[k]! * w;
    const py = (k: number) => s.points[k + 1]! * h;
    ctx.moveTo(px(0), py(0));
    if (s.points.length === 2) ctx.lineTo(px(0) + 0.1, py(0));
    for (let k = 2; k < s.points.length; k += 2) ctx.lineTo(px(k), py(k));
    ctx.stroke();
    let pad = width * 2;
    if (s.tool === 'arrow' && s.points.length >= 4) {
      const n = s.points.length;
      const ex = px(n - 2);
      const ey = py(n - 2);
      const a = Math.atan2(ey - py(0), ex - px(0));
      const head = base * 5;
      ctx.beginPath();
      ctx.moveTo(ex, ey);
      ctx.lineTo(ex - head * Math.cos(a - 0.45), ey - head * Math.sin(a - 0.45));
      ctx.lineTo(ex - head * Math.cos(a + 0.45), ey - head * Math.sin(a + 0.45));
      ctx.closePath();
      ctx.fill();
      pad = Math.max(pad, head + width);
    }
    ctx.restore();
    for (let k = 0; k < s.points.length; k += 2) {
      x0 = Math.min(x0, px(k) - pad);
      x1 = Math.max(x1, px(k) + pad);
      y0 = Math.min(y0, py(k) - pad);
      y1 = Math.max(y1, py(k) + pad);
    }
  }
  if (x0 === Infinity) return null;
  const bx = Math.max(0, Math.floor(x0 / 2) * 2);
  const by = Math.max(0, Math.floor(y0 / 2) * 2);
  const bw = Math.min(w, Math.ceil(x1 / 2) * 2) - bx;
  const bh = Math.min(h, Math.ceil(y1 / 2) * 2) - by;
  return bw > 0 && bh > 0 ? { x: bx, y: by, w: bw, h: bh } : null;
}
