/**
 * Cutting a finished HLS rendition without encoding it again: whole segments are kept as they are,
 * only the parts of the (≤ 2 s) segments a cut starts or ends in are encoded, and the new playlist
 * marks each splice with EXT-X-DISCONTINUITY (players reset their timeline there). Files made by
 * one encoder are never joined into one stream here, so parameter sets never change mid-stream.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { parseMediaPlaylist, type MediaSegment } from './hls';
import type { Rung } from './ladder';
import { runProcess } from './process';

/** Seconds of a rendition (its own timeline). */
export interface Span {
  startSec: number;
  endSec: number;
}

export type Piece =
  | { kind: 'copy'; segment: number; uri: string; duration: number; discontinuity: boolean }
  | { kind: 'encode'; segment: number; uri: string; offset: number; duration: number; discontinuity: boolean };

/** Closer than this to a segment's edge counts as the edge (a frame is 33 ms). */
const EDGE_SEC = 0.02;
/** A part shorter than this is left out (less than two frames). */
const MIN_PART_SEC = 0.05;

/** Pure: what the cut rendition is made of, from its segments and the spans to keep (in order). */
export function planSplice(segments: readonly MediaSegment[], keep: readonly Span[]): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  const timed = segments.map((s) => {
    const t = { ...s, start, end: start + s.duration };
    start = t.end;
    return t;
  });
  for (const span of keep) {
    timed.forEach((s, i) => {
      const a = Math.max(span.startSec, s.start);
      const b = Math.min(span.endSec, s.end);
      if (b - a < MIN_PART_SEC) return;
      const prev = pieces[pieces.length - 1];
      const whole = a - s.start < EDGE_SEC && s.end - b < EDGE_SEC;
      if (whole) {
        const follows = prev?.kind === 'copy' && prev.segment === i - 1;
        pieces.push({ kind: 'copy', segment: i, uri: s.uri, duration: s.duration, discontinuity: prev !== undefined && !follows });
      } else {
        const name = `${path.basename(s.uri, '.ts')}_${Math.round(a * 1000)}.ts`;
        pieces.push({ kind: 'encode', segment: i, uri: name, offset: a - s.start, duration: b - a, discontinuity: prev !== undefined });
      }
    });
  }
  return pieces;
}

/** Pure: the media playlist of a spliced rendition. */
export function splicePlaylist(pieces: readonly Piece[]): string {
  const target = Math.max(1, ...pieces.map((p) => Math.ceil(p.duration)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const p of pieces) {
    if (p.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXTINF:${p.duration.toFixed(6)},`, p.uri);
  }
  lines.push('#EXT-X-ENDLIST');
  return lines.join('\n') + '\n';
}

export interface SpliceJob {
  ffmpeg: string;
  /** The finished rendition's folder (index.m3u8 and its segments). */
  from: string;
  /** The new rendition's folder (made). */
  to: string;
  keep: readonly Span[];
  rung: Rung;
  hasAudio: boolean;
  preset: string;
  signal?: AbortSignal;
}

/** Makes the cut rendition in `to`; returns how many seconds had to be encoded. */
export async function spliceRendition(job: SpliceJob): Promise<{ encodedSec: number; pieces: number }> {
  const { segments } = parseMediaPlaylist(await fsp.readFile(path.join(job.from, 'index.m3u8'), 'utf8'));
  const pieces = planSplice(segments, job.keep);
  if (pieces.length === 0) throw new Error(`rendition ${job.rung.name}: nothing is left to keep`);
  await fsp.mkdir(job.to, { recursive: true });
  let encodedSec = 0;
  for (const p of pieces) {
    const out = path.join(job.to, p.uri);
    if (p.kind === 'copy') {
      await fsp.copyFile(path.join(job.from, p.uri), out);
      continue;
    }
    // whole frames: the playlist says exactly how long the piece is
    const fps = job.rung.fps || 30;
    const frames = Math.max(1, Math.round(p.duration * fps));
    p.duration = frames / fps;
    encodedSec += p.duration;
    const input = path.join(job.from, segments[p.segment]!.uri);
    // seeking inside an MPEG-TS file is not keyframe-aware: decode the (short) segment from its start and drop what comes before
    const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', input, '-ss', p.offset.toFixed(3), '-t', p.duration.toFixed(3), '-frames:v', String(frames), '-map', '0:v:0'];
    if (job.hasAudio) args.push('-map', '0:a:0?');
    args.push(
      '-c:v', 'libx264', '-preset', job.preset, '-profile:v', 'high', '-pix_fmt', 'yuv420p',
      '-vf', `scale=${job.rung.width}:${job.rung.height}:flags=bicubic,setsar=1`,
      '-b:v', String(job.rung.videoBitrate), '-maxrate', String(job.rung.maxBitrate), '-bufsize', String(job.rung.bufferSize),
      '-g', '600', '-sc_threshold', '0',
    );
    if (job.hasAudio) args.push('-c:a', 'aac', '-b:a', String(job.rung.audioBitrate), '-ac', '2', '-ar', '48000');
    args.push('-map_metadata', '-1', '-f', 'mpegts', out);
    const res = await runProcess(job.ffmpeg, args, { signal: job.signal });
    if (res.code !== 0) throw new Error(`ffmpeg could not encode a cut's edge (exit ${res.code}): ${res.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  }
  await fsp.writeFile(path.join(job.to, 'index.m3u8'), splicePlaylist(pieces));
  return { encodedSec, pieces: pieces.length };
}

/**
 * Pure: an ffconcat list of a rendition's segments. ffmpeg's concat demuxer lays each file after
 * the one before (by the file's own length: declared durations a few ms off made the storyboard's
 * sampling skip a tile), so a playlist with discontinuities reads as one continuous video (an MP4,
 * the thumbnails).
 */
export function concatList(segments: readonly Pick<MediaSegment, 'uri'>[], dir: string): string {
  const quote = (p: string) => `'${p.replace(/'/g, "'\\''")}'`;
  return ['ffconcat version 1.0', ...segments.map((s) => `file ${quote(dir ? path.join(dir, s.uri) : s.uri)}`)].join('\n') + '\n';
}

/** Writes `<dir>/index.ffconcat` for the rendition in `dir` and returns its path. */
export async function writeConcatList(dir: string, listDir = dir): Promise<string> {
  const { segments } = parseMediaPlaylist(await fsp.readFile(path.join(dir, 'index.m3u8'), 'utf8'));
  const file = path.join(listDir, `${path.basename(dir)}.ffconcat`);
  await fsp.writeFile(file, concatList(segments, dir));
  return file;
}

/** ffmpeg input arguments for a rendition folder: its segments in a row, whatever its playlist's discontinuities. */
export async function renditionInput(dir: string, listDir = dir): Promise<string[]> {
  return ['-f', 'concat', '-safe', '0', '-i', await writeConcatList(dir, listDir)];
}
