import fsp from 'node:fs/promises';
import fs from 'node:fs';
import { runProcess } from './process';
import type { StoryboardPlan } from './storyboard';

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
  const run = (seek: string[]) => ffmpegRun(ffmpeg, [...seek, '-i', input, '-frames:v', '1', '-vf', `scale=-2:'min(${maxHeight},ih)'`, '-q:v', '3', output], 'poster extraction', signal);
  await run(atSec > 0 ? ['-ss', atSec.toFixed(3)] : []);
  // a seek past the last frame (a video of one frame, or a few) writes nothing and says nothing: take the first frame
  if (atSec > 0 && !fs.existsSync(output)) await run([]);
  if (!fs.existsSync(output)) throw new Error('No frame could be read for the poster.');
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
  const tile = `scale=${plan.tileWidth}:${plan.tileHeight},tile=${plan.columns}x${plan.rows}`;
  await ffmpegRun(ffmpeg, [...skip, '-i', input, '-an', '-vf', `fps=1/${plan.interval}:round=down,${tile}`, '-frames:v', '1', '-q:v', '4', output], 'storyboard', signal);
  // shorter than one interval (a single frame, say): the sampling kept no frame, so the first one is the tile
  if (!(await fsp.stat(output).catch(() => null))?.size) {
    await ffmpegRun(ffmpeg, ['-i', input, '-an', '-vf', tile, '-frames:v', '1', '-q:v', '4', output], 'storyboard', signal);
  }
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
  const encode = ['-c:v', 'libwebp_anim', '-loop', '0', '-quality', '60', '-compression_level', '3', output];
  try {
    await ffmpegRun(
      ffmpeg,
      ['-i', input, '-an', '-vf', `${sample},scale=320:-2:flags=bicubic,setpts=N/(8*TB)`, '-r', '8', '-frames:v', String(frames), ...encode],
      'animated preview',
      signal,
    );
  } catch (e) {
    if (signal?.aborted) throw e;
    // too short to sample (a video of a frame or two): the frames it has, as they are
    await ffmpegRun(ffmpeg, ['-i', input, '-an', '-vf', 'scale=320:-2:flags=bicubic', '-frames:v', String(frames), ...encode], 'animated preview', signal);
  }
}
