import fsp from 'node:fs/promises';
import path from 'node:path';
import { AAC_LC_CODEC, avcCodecString, parseMediaPlaylist, type VariantStream } from './hls';
import type { Rung } from './ladder';
import { runProcess } from './process';

export interface RenditionOutput extends VariantStream {
  name: string;
  segmentCount: number;
  durationSec: number;
  /** The longest segment (s): copied video cuts only where the source has keyframes. */
  maxSegmentSec: number;
}

/**
 * Measures a finished rendition folder: HLS BANDWIDTH is the peak segment bitrate, AVERAGE-BANDWIDTH
 * the mean; CODECS comes from what ffprobe reads in the first segment, not from what was asked for.
 */
export async function measureRendition(
  ffprobe: string,
  dir: string,
  rung: Rung,
  hasAudio: boolean,
): Promise<RenditionOutput> {
  const playlist = parseMediaPlaylist(await fsp.readFile(path.join(dir, 'index.m3u8'), 'utf8'));
  if (playlist.segments.length === 0) throw new Error(`rendition ${rung.name} has no segments`);
  let peak = 0;
  let bytes = 0;
  let seconds = 0;
  let longest = 0;
  for (const seg of playlist.segments) {
    const size = (await fsp.stat(path.join(dir, seg.uri))).size;
    bytes += size;
    seconds += seg.duration;
    longest = Math.max(longest, seg.duration);
    // very short tail segments overstate the rate; measure them over at least one second
    peak = Math.max(peak, (size * 8) / Math.max(seg.duration, 1));
  }
  // a segment ffmpeg cannot read back (a cut source, a killed encoder) is never published:
  // the first one gives the CODECS, the last one is where a cut stream ends
  const stream = await readSegment(ffprobe, path.join(dir, playlist.segments[0]!.uri), rung.name);
  if (playlist.segments.length > 1) await readSegment(ffprobe, path.join(dir, playlist.segments.at(-1)!.uri), rung.name);
  const video = avcCodecString(stream.profile ?? 'High', stream.level ?? 31);
  return {
    name: rung.name,
    uri: `${rung.name}/index.m3u8`,
    bandwidth: Math.ceil(peak),
    averageBandwidth: Math.ceil((bytes * 8) / Math.max(seconds, 0.001)),
    width: stream.width ?? rung.width,
    height: stream.height ?? rung.height,
    codecs: hasAudio ? `${video},${AAC_LC_CODEC}` : video,
    frameRate: rung.fps,
    segmentCount: playlist.segments.length,
    durationSec: seconds,
    maxSegmentSec: longest,
  };
}

interface SegmentStream {
  profile?: string;
  level?: number;
  width?: number;
  height?: number;
}

/** What ffprobe reads of a segment's video; throws when it cannot read one. */
async function readSegment(ffprobe: string, file: string, rungName: string): Promise<SegmentStream> {
  const probe = await runProcess(ffprobe, [
    '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=profile,level,width,height',
    '-of', 'json', file,
  ]);
  const stream = (JSON.parse(probe.stdout || '{}') as { streams?: SegmentStream[] }).streams?.[0];
  if (probe.code !== 0 || !stream?.width) {
    const why = probe.stderr.trim().split('\n').at(-1)?.replace(/^.*?: /, '') || 'no video in it';
    throw new Error(`rendition ${rungName}: segment ${path.basename(file)} cannot be read back (${why})`);
  }
  return stream;
}
