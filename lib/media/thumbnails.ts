import { runProcess } from './process';

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

export interface ThumbnailCue {
  start: number;
  end: number;
  url: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Pure: reads a WebVTT thumbnails track; `resolve` turns the cue's image name into a URL. */
export function parseStoryboardVtt(text: string, resolve: (name: string) => string = (n) => n): ThumbnailCue[] {
  const cues: ThumbnailCue[] = [];
  const time = (t: string) => {
    const parts = t.trim().split(':').map(Number);
    return parts.reduce((acc, p) => acc * 60 + p, 0);
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\d:.]+)\s+-->\s+([\d:.]+)/.exec(lines[i] ?? '');
    const target = lines[i + 1]?.trim();
    if (!m || !target) continue;
    const hash = /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(target);
    if (!hash) continue;
    cues.push({
      start: time(m[1] ?? '0'),
      end: time(m[2] ?? '0'),
      url: resolve(hash[1] ?? ''),
      x: Number(hash[2]),
      y: Number(hash[3]),
      w: Number(hash[4]),
      h: Number(hash[5]),
    });
  }
  return cues;
}

const BASE = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'];

async function ffmpegRun(ffmpeg: string, args: string[], what: string, signal?: AbortSignal): Promise<void> {
  const res = await runProcess(ffmpeg, [...BASE, ...args], { signal });
  if (res.code !== 0) throw new Error(`${what} failed: ${res.stderr.trim().slice(-300)}`);
}

export async function extractPoster(
  ffmpeg: string,
  input: string,
  output: string,
  atSec: number,
  maxHeight: number,
  signal?: AbortSignal,
): Promise<void> {
  await ffmpegRun(
    ffmpeg,
    ['-ss', atSec.toFixed(3), '-i', input, '-frames:v', '1', '-vf', `scale=-2:'min(${maxHeight},ih)'`, '-q:v', '3', output],
    'poster extraction',
    signal,
  );
}

/** The sprite for a storyboard plan, read from a (small) rendition; only keyframes are decoded when that is enough. */
export async function makeStoryboardSprite(
  ffmpeg: string,
  input: string,
  output: string,
  plan: StoryboardPlan,
  keyframeSeconds: number,
  signal?: AbortSignal,
): Promise<void> {
  const skip = plan.interval >= keyframeSeconds * 2 ? ['-skip_frame', 'nokey'] : [];
  await ffmpegRun(
    ffmpeg,
    [
      ...skip, '-i', input, '-an',
      '-vf', `fps=1/${plan.interval}:round=down,scale=${plan.tileWidth}:${plan.tileHeight},tile=${plan.columns}x${plan.rows}`,
      '-frames:v', '1', '-q:v', '4', output,
    ],
    'storyboard',
    signal,
  );
}

/** A short looping animated WebP: 24 frames spread over the whole video, played at 8 fps, 320 px wide. */
export async function makeAnimatedPreview(
  ffmpeg: string,
  input: string,
  output: string,
  durationSec: number,
  signal?: AbortSignal,
): Promise<void> {
  const frames = 24;
  const rate = Math.max(frames / Math.max(durationSec, 0.1), 0.05);
  const sample = durationSec <= frames / 8 ? 'fps=8' : `fps=${rate.toFixed(5)}`;
  await ffmpegRun(
    ffmpeg,
    [
      '-i', input, '-an',
      '-vf', `${sample},scale=320:-2:flags=bicubic,setpts=N/(8*TB)`,
      '-r', '8', '-frames:v', String(frames), '-c:v', 'libwebp_anim', '-loop', '0', '-quality', '60', '-compression_level', '3',
      output,
    ],
    'animated preview',
    signal,
  );
}
