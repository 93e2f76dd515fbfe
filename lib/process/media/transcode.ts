import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Rung } from './ladder';
import { runProcess } from './process';

/**
 * How keyframes (and so segment boundaries) are placed in encoded renditions:
 * - `grid`: the frame rate is made constant and a keyframe is forced every segment length, so
 *   every rung encoded this way (now or later, from the same source) cuts at the same instants;
 * - `source`: frames keep the source's timing and a keyframe is forced wherever the source has one,
 *   so encoded rungs cut exactly where a rung copied from that source cuts.
 */
export type KeyframePolicy = 'grid' | 'source';

export interface HlsOutput {
  rung: Rung;
  /** Copy the source's H.264 video as is (the top rung of an H.264 recording). */
  copy: boolean;
}

export interface KeepRange {
  startSec: number;
  endSec?: number;
}

/** An ffmpeg expression true for times inside the kept ranges. */
function keepExpr(keep: KeepRange[]): string {
  return keep.map((r) => (r.endSec === undefined ? `gte(t\\,${r.startSec})` : `gte(t\\,${r.startSec})*lt(t\\,${r.endSec})`)).join('+');
}

export interface HlsJob {
  /** A file path, or `pipe:0` when the bytes are fed through standard input. */
  input: string;
  /** Demuxer for piped input (`mp4`, `matroska`); probing a pipe by content is unreliable. */
  inputFormat?: string;
  outDir: string;
  outputs: HlsOutput[];
  hasAudio: boolean;
  preset: string;
  segmentSeconds: number;
  keyframes: KeyframePolicy;
  /**
   * The parts of the source to keep, seconds, in order (an open end runs to the end of the source);
   * undefined keeps the whole source. One range is a seek; more are selected frame by frame.
   */
  keep?: KeepRange[];
  /** `fast`: ffmpeg's quicker AAC coder (live ingest: the tail after Stop is on the critical path). */
  aacCoder?: 'fast' | 'twoloop';
  /** `event`: the playlist is written after every segment (a recording watched while it goes on); default `vod`. */
  playlistType?: 'vod' | 'event';
}

/** x264 presets from fastest to slowest. */
const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow', 'placebo'];

/** The faster of two x264 presets (an unknown name counts as the slowest). */
export function fasterPreset(a: string, b: string): string {
  const rank = (p: string) => (X264_PRESETS.includes(p) ? X264_PRESETS.indexOf(p) : X264_PRESETS.length);
  return rank(a) <= rank(b) ? a : b;
}

/**
 * One ffmpeg process decodes the source once (split filter) and writes every output as its own
 * HLS media playlist with MPEG-TS segments. Copied outputs skip decoding and encoding entirely.
 */
export function buildHlsArgs(job: HlsJob): string[] {
  const encoded = job.outputs.filter((o) => !o.copy);
  const fps = job.outputs[0]?.rung.fps ?? 30;
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-progress', 'pipe:1', '-nostats'];
  const keep = job.keep ?? [];
  const seek = keep.length === 1 ? keep[0]! : null;
  // several parts: frames (and audio samples) outside them are dropped and the rest closed up
  const select = keep.length > 1 ? keepExpr(keep) : null;
  if (select && encoded.length !== job.outputs.length) throw new Error('a copied output cannot leave parts out');
  if (seek && seek.startSec > 0) args.push('-ss', String(seek.startSec));
  if (seek?.endSec !== undefined) args.push('-to', String(seek.endSec));
  if (job.inputFormat) args.push('-f', job.inputFormat);
  args.push('-i', job.input);
  const graph: string[] = [];
  if (encoded.length > 0) {
    const grid = job.keyframes === 'grid' || select !== null;
    const head = `[0:v:0]${grid ? `fps=${fps},` : ''}${select ? `select='${select}',setpts=N/${fps}/TB,` : ''}`;
    const splits = encoded.map((_, i) => `[s${i}]`).join('');
    const scales = encoded
      .map((o, i) => `[s${i}]scale=${o.rung.width}:${o.rung.height}:flags=bicubic,setsar=1,format=yuv420p[v${i}]`)
      .join(';');
    graph.push(`${head}split=${encoded.length}${splits};${scales}`);
  }
  if (select && job.hasAudio) {
    graph.push(`[0:a:0]aselect='${select}',asetpts=N/SR/TB,asplit=${job.outputs.length}${job.outputs.map((_, i) => `[a${i}]`).join('')}`);
  }
  if (graph.length > 0) args.push('-filter_complex', graph.join(';'));
  const audioOf = (i: number) => (select ? `[a${i}]` : '0:a:0');
  const gop = Math.round(fps * job.segmentSeconds);
  let e = 0;
  for (const [i, o] of job.outputs.entries()) {
    const dir = path.join(job.outDir, o.rung.name);
    if (o.copy) {
      args.push('-map', '0:v:0');
      if (job.hasAudio) args.push('-map', audioOf(i));
      args.push('-c:v', 'copy');
    } else {
      args.push('-map', `[v${e++}]`);
      if (job.hasAudio) args.push('-map', audioOf(i));
      args.push(
        '-c:v', 'libx264',
        '-preset', job.preset,
        '-profile:v', 'high',
        '-b:v', String(o.rung.videoBitrate),
        '-maxrate', String(o.rung.maxBitrate),
        '-bufsize', String(o.rung.bufferSize),
        '-sc_threshold', '0',
      );
      if (job.keyframes === 'grid' || select) {
        args.push('-g', String(gop), '-keyint_min', String(gop), '-force_key_frames', `expr:gte(t,n_forced*${job.segmentSeconds})`);
      } else {
        // only where the source has keyframes: a long GOP cap keeps x264 from adding its own
        args.push('-g', String(gop * 5), '-force_key_frames', 'source', '-fps_mode', 'passthrough');
      }
    }
    if (job.hasAudio) {
      args.push('-c:a', 'aac', ...(job.aacCoder ? ['-aac_coder', job.aacCoder] : []), '-b:a', String(o.rung.audioBitrate), '-ac', '2', '-ar', '48000');
    }
    args.push(
      // the source's tags stay out of the segments (a long title does not fit an MPEG-TS service name)
      '-map_metadata', '-1',
      '-max_muxing_queue_size', '4096',
      '-f', 'hls',
      '-hls_time', String(job.segmentSeconds),
      '-hls_playlist_type', job.playlistType ?? 'vod',
      '-hls_flags', 'independent_segments',
      '-hls_segment_type', 'mpegts',
      '-hls_segment_filename', path.join(dir, 'seg_%04d.ts'),
      path.join(dir, 'index.m3u8'),
    );
  }
  return args;
}

/** Parses `-progress` output (key=value lines) into seconds processed. */
export function progressSeconds(line: string): number | null {
  const m = /^out_time_(?:us|ms)=(\d+)$/.exec(line.trim());
  if (!m) return null;
  return Number(m[1]) / 1e6;
}

export interface RunHlsOptions {
  durationSec: number | null;
  signal?: AbortSignal;
  /** Fraction done (0–1) when the duration is known; seconds written otherwise. */
  onProgress?: (fraction: number, seconds: number) => void;
  /** Feeds `pipe:0` input. */
  feed?: (stdin: Writable) => Promise<void>;
  /** Niceness for background work (the ladder after the first rendition plays). */
  nice?: number;
}

export async function runHls(ffmpeg: string, job: HlsJob, opts: RunHlsOptions): Promise<void> {
  for (const o of job.outputs) await fsp.mkdir(path.join(job.outDir, o.rung.name), { recursive: true });
  const res = await runProcess(ffmpeg, buildHlsArgs(job), {
    signal: opts.signal,
    feed: opts.feed,
    nice: opts.nice,
    onStdoutLine: (line) => {
      const s = progressSeconds(line);
      if (s === null) return;
      opts.onProgress?.(opts.durationSec ? Math.min(0.999, s / opts.durationSec) : 0, s);
    },
  });
  if (res.code !== 0) {
    throw new Error(`ffmpeg failed (exit ${res.code}): ${res.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
}
