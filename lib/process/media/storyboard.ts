/** Storyboard thumbnails: pure planning, writing and reading of the WebVTT track (usable in the browser). */

/** Storyboard: one small frame every `interval` seconds, tiled into one sprite, indexed by a WebVTT track. */
export interface StoryboardPlan {
  interval: number;
  count: number;
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

const MAX_TILES = 100;
const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** Pure: at most 100 tiles (one per second for short videos), 90 px tall, 10 per row. */
export function planStoryboard(durationSec: number, width: number, height: number): StoryboardPlan {
  const d = Math.max(0.1, durationSec);
  const interval = Math.max(1, Math.ceil(d / MAX_TILES));
  const count = Math.max(1, Math.ceil(d / interval));
  const tileHeight = 90;
  const tileWidth = even((tileHeight * Math.max(1, width)) / Math.max(1, height));
  const columns = Math.min(10, count);
  return { interval, count, columns, rows: Math.ceil(count / columns), tileWidth, tileHeight };
}

function vttTime(sec: number): string {
  const ms = Math.round(sec * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** Pure: the WebVTT thumbnails track (`sprite#xywh=x,y,w,h` per cue), the form players read. */
export function storyboardVtt(plan: StoryboardPlan, durationSec: number, spriteName: string): string {
  const lines = ['WEBVTT', ''];
  for (let i = 0; i < plan.count; i++) {
    const start = i * plan.interval;
    const end = Math.min((i + 1) * plan.interval, Math.max(durationSec, start + 0.001));
    const x = (i % plan.columns) * plan.tileWidth;
    const y = Math.floor(i / plan.columns) * plan.tileHeight;
    lines.push(`${vttTime(start)} --> ${vttTime(end)}`, `${spriteName}#xywh=${x},${y},${plan.tileWidth},${plan.tileHeight}`, '');
  }
  return lines.join('\n');
}

export { parseStoryboardVtt, type ThumbnailCue } from '../../shared/storyboard-vtt';
