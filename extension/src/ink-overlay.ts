/**
 * Drawing and click rings on the recorded tab (injected by the service worker while a tab is
 * recorded, removed at the end). Whatever this paints is part of the tab, so it is in the recording:
 * a pen, a highlighter and an arrow in a few colours, strokes that fade after a few seconds or stay
 * until cleared, and a ring where the pointer clicks. A small toolbar at the top of the tab turns
 * drawing on and off; Esc leaves drawing mode. The page's own scripts see a shadow root and nothing
 * of the extension. Stroke model and painting are lib/record/browser/ink.ts, as in /record.
 */
import { applyInk, drawInk, INK_COLORS, INK_TOOLS, type InkStroke, type InkTool } from '../../lib/record/browser/ink';

const HOST_ID = 'weft-ink-overlay';

function mount(): void {
  if (document.getElementById(HOST_ID)) return;
  const host = document.createElement('div');
  host.id = HOST_ID;
  host.style.cssText = 'all:initial;position:fixed;inset:0;z-index:2147483646;pointer-events:none;';
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `
    canvas { position: fixed; inset: 0; width: 100vw; height: 100vh; pointer-events: none; }
    canvas.drawing { pointer-events: auto; cursor: crosshair; touch-action: none; }
    .bar { position: fixed; top: 8px; left: 50%; transform: translateX(-50%); display: flex; gap: 6px; align-items: center;
      padding: 5px 8px; border-radius: 999px; background: rgba(24, 22, 40, .88); color: #fff; font: 600 12px/1 system-ui, sans-serif;
      pointer-events: auto; box-shadow: 0 2px 10px rgba(0,0,0,.25); }
    .bar button { all: unset; cursor: pointer; padding: 5px 9px; border-radius: 999px; }
    .bar button[aria-pressed="true"], .bar button[aria-checked="true"] { background: rgba(255,255,255,.22); }
    .bar button:focus-visible { outline: 2px solid #9b8cff; }
    .bar .swatch { width: 14px; height: 14px; padding: 0; border: 2px solid rgba(255,255,255,.5); }
    .bar .swatch[aria-checked="true"] { border-color: #fff; }
    .bar [hidden] { display: none; }
  `;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const bar = document.createElement('div');
  bar.className = 'bar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Weft drawing');
  shadow.append(style, canvas, bar);

  const strokes: InkStroke[] = [];
  const rings: Array<{ x: number; y: number; t: number }> = [];
  let drawing = false;
  let tool: InkTool = 'pen';
  let color = INK_COLORS[0]![0];
  let keep = false;
  let current: number | null = null;
  let nextId = 1;
  let raf = 0;

  const button = (label: string, testId: string, onClick: () => void, role?: string) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.testid = testId;
    if (role) b.setAttribute('role', role);
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      onClick();
      sync();
    });
    bar.append(b);
    return b;
  };
  const toggle = button('Draw', 'ext-draw-toggle', () => setDrawing(!drawing));
  const tools = INK_TOOLS.map(([t, label]) => [t, button(label, `ext-draw-tool-${t}`, () => (tool = t), 'radio')] as const);
  const swatches = INK_COLORS.map(([c, label]) => {
    const b = button('', `ext-draw-colour-${label.toLowerCase()}`, () => (color = c), 'radio');
    b.className = 'swatch';
    b.style.background = c;
    b.setAttribute('aria-label', label);
    return [c, b] as const;
  });
  const keepButton = button('Keep', 'ext-draw-keep', () => (keep = !keep));
  const clear = button('Clear', 'ext-draw-clear', () => {
    applyInk(strokes, { op: 'clear' }, performance.now());
    paint();
  });
  function sync(): void {
    toggle.setAttribute('aria-pressed', String(drawing));
    toggle.textContent = drawing ? 'Drawing · Esc' : 'Draw';
    for (const [t, b] of tools) {
      b.hidden = !drawing;
      b.setAttribute('aria-checked', String(t === tool));
    }
    for (const [c, b] of swatches) {
      b.hidden = !drawing;
      b.setAttribute('aria-checked', String(c === color));
    }
    keepButton.hidden = !drawing;
    keepButton.setAttribute('aria-pressed', String(keep));
    clear.hidden = !drawing;
    canvas.className = drawing ? 'drawing' : '';
  }
  function setDrawing(on: boolean): void {
    drawing = on;
    if (!on && current !== null) {
      applyInk(strokes, { op: 'end', id: current }, performance.now());
      current = null;
    }
    sync();
    paint();
  }

  function size(): void {
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(innerWidth * dpr);
    canvas.height = Math.round(innerHeight * dpr);
    paint();
  }
  function paint(): void {
    if (raf) return;
    raf = requestAnimationFrame(frame);
  }
  function frame(): void {
    raf = 0;
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const now = performance.now();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawInk(ctx, strokes, innerWidth, innerHeight, now);
    for (let i = rings.length - 1; i >= 0; i--) {
      const r = rings[i]!;
      const k = (now - r.t) / 600;
      if (k >= 1) {
        rings.splice(i, 1);
        continue;
      }
      ctx.beginPath();
      ctx.arc(r.x, r.y, 10 + 26 * k, 0, Math.PI * 2);
      ctx.lineWidth = 4;
      ctx.strokeStyle = `rgba(250, 204, 21, ${1 - k})`;
      ctx.stroke();
    }
    // keep painting while something fades or a ring grows
    if (rings.length > 0 || strokes.some((s) => !s.keep)) paint();
  }

  const at = (e: PointerEvent) => ({ x: e.clientX / innerWidth, y: e.clientY / innerHeight });
  canvas.addEventListener('pointerdown', (e) => {
    if (!drawing) return;
    canvas.setPointerCapture(e.pointerId);
    current = nextId++;
    applyInk(strokes, { op: 'begin', id: current, tool, color, keep, ...at(e) }, performance.now());
    paint();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (current === null) return;
    applyInk(strokes, { op: 'point', id: current, ...at(e) }, performance.now());
    paint();
  });
  const end = () => {
    if (current === null) return;
    applyInk(strokes, { op: 'end', id: current }, performance.now());
    current = null;
    paint();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  // click highlighting: a ring where the pointer goes down on the page (not while drawing)
  const onDown = (e: PointerEvent) => {
    if (drawing || e.composedPath().includes(bar)) return;
    rings.push({ x: e.clientX, y: e.clientY, t: performance.now() });
    paint();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && drawing) {
      e.stopPropagation();
      setDrawing(false);
    }
  };
  window.addEventListener('pointerdown', onDown, true);
  window.addEventListener('keydown', onKey, true);
  window.addEventListener('resize', size);
  host.addEventListener('weft-ink-toggle', () => setDrawing(!drawing));
  host.addEventListener('weft-ink-remove', () => {
    window.removeEventListener('pointerdown', onDown, true);
    window.removeEventListener('keydown', onKey, true);
    window.removeEventListener('resize', size);
    cancelAnimationFrame(raf);
    host.remove();
  });
  sync();
  document.documentElement.append(host);
  size();
}

mount();
