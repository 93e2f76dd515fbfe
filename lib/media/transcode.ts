import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Rung } from './ladder';
import { runProcess } from './process';

export interface LadderJob {
  input: string;
  outDir: string;
  rungs: Rung[];
  hasAudio: boolean;
  preset: string;
  segmentSeconds: number;
  /** Trim, seconds (later issues); undefined keeps the whole source. */
  startSec?: number;
  endSec?: number;
}

/**
 * One ffmpeg process decodes the source once and encodes every rung (split filter), each to its own
 * HLS media playlist with MPEG-TS segments; keyframes forced every segment so segments align
 * across rungs.
 */
export function buildLadderArgs(job: LadderJob): string[] {
  const n = job.rungs.length;
  const fps = job.rungs[0]?.fps ?? 30;
  const splits = job.rungs.map((_, i) => `[s${i}]`).join('');
  const scales = job.rungs
    .map((r, i) => `[s${i}]scale=${r.width}:${r.height}:flags=bicubic,setsar=1,format=yuv420p[v${i}]`)
    .join(';');
  const filter = `[0:v:0]fps=${fps},split=${n}${splits};${scales}`;
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-progress', 'pipe:1', '-nostats'];
  if (job.startSec !== undefined) args.push('-ss', String(job.startSec));
  if (job.endSec !== undefined) args.push('-to', String(job.endSec));
  args.push('-i', job.input, '-filter_complex', filter);
  const gop = Math.round(fps * job.segmentSeconds);
  job.rungs.forEach((r, i) => {
    const dir = path.join(job.outDir, r.name);
    args.push('-map', `[v${i}]`);
    if (job.hasAudio) args.push('-map', '0:a:0');
    args.push(
      '-c:v', 'libx264',
      '-preset', job.preset,
      '-profile:v', 'high',
      '-b:v', String(r.videoBitrate),
      '-maxrate', String(r.maxBitrate),
      '-bufsize', String(r.bufferSize),
      '-g', String(gop),
      '-keyint_min', String(gop),
      '-sc_threshold', '0',
      '-force_key_frames', `expr:gte(t,n_forced*${job.segmentSeconds})`,
    );
    if (job.hasAudio) args.push('-c:a', 'aac', '-b:a', String(r.audioBitrate), '-ac', '2', '-ar', '48000');
    args.push(
      '-f', 'hls',
      '-hls_time', String(job.segmentSeconds),
      '-hls_playlist_type', 'vod',
      '-hls_flags', 'independent_segments',
      '-hls_segment_type', 'mpegts',
      '-hls_segment_filename', path.join(dir, 'seg_%04d.ts'),
      path.join(dir, 'index.m3u8'),
    );
  });
  return args;
}

/** Parses `-progress` output (key=value lines) into seconds processed. */
export function progressSeconds(line: string): number | null {
  const m = /^out_time_(?:us|ms)=(\d+)$/.exec(line.trim());
  if (!m) return null;
  return Number(m[1]) / 1e6;
}

export async function runLadder(
  ffmpeg: string,
  job: LadderJob,
  opts: { durationSec: number | null; signal?: AbortSignal; onProgress?: (fraction: number) => void },
): Promise<void> {
  for (const r of job.rungs) await fsp.mkdir(path.join(job.outDir, r.name), { recursive: true });
  const res = await runProcess(ffmpeg, buildLadderArgs(job), {
    signal: opts.signal,
    onStdoutLine: (line) => {
      const s = progressSeconds(line);
      if (s !== null && opts.durationSec) opts.onProgress?.(Math.min(0.999, s / opts.durationSec));
    },
  });
  if (res.code !== 0) {
    throw new Error(`ffmpeg failed (exit ${res.code}): ${res.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
}

export async function extractPoster(
  ffmpeg: string,
  input: string,
  output: string,
  atSec: number,
  maxHeight: number,
  signal?: AbortSignal,
): Promise<void> {
  const res = await runProcess(
    ffmpeg,
    ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-ss', atSec.toFixed(3), '-i', input,
      '-frames:v', '1', '-vf', `scale=-2:'min(${maxHeight},ih)'`, '-q:v', '3', output],
    { signal },
  );
  if (res.code !== 0) throw new Error(`poster extraction failed: ${res.stderr.trim().slice(-300)}`);
}
