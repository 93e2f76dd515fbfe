import fsp from 'node:fs/promises';
import { PermanentJobError } from '../../platform/errors';
import { runProcess } from './process';

export interface ProbeResult {
  durationSec: number | null;
  formatName: string;
  video: { codec: string; width: number; height: number; fps: number | null; rotation: number; pixFmt: string | null } | null;
  audio: { codec: string; channels: number; sampleRate: number } | null;
}

interface FfprobeJson {
  format?: { duration?: string; format_name?: string };
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    pix_fmt?: string;
    width?: number;
    height?: number;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    channels?: number;
    sample_rate?: string;
    side_data_list?: Array<{ rotation?: number }>;
    tags?: { rotate?: string };
  }>;
}

function rate(s: string | undefined): number | null {
  if (!s) return null;
  const [n, d] = s.split('/').map(Number);
  if (!n || !d) return null;
  const r = n / d;
  return Number.isFinite(r) && r > 0 ? r : null;
}

export function parseProbe(json: FfprobeJson): ProbeResult {
  const streams = json.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video' && (s.width ?? 0) > 0);
  const a = streams.find((s) => s.codec_type === 'audio');
  const duration = Number.parseFloat(json.format?.duration ?? '');
  const rotation = Number(v?.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? v?.tags?.rotate ?? 0);
  return {
    durationSec: Number.isFinite(duration) && duration > 0 ? duration : null,
    formatName: json.format?.format_name ?? 'unknown',
    video: v
      ? {
          codec: v.codec_name ?? 'unknown',
          width: v.width ?? 0,
          height: v.height ?? 0,
          // avg_frame_rate is the real one for variable-rate recordings; r_frame_rate is a timebase guess
          fps: rate(v.avg_frame_rate) ?? rate(v.r_frame_rate),
          rotation: Number.isFinite(rotation) ? rotation : 0,
          pixFmt: v.pix_fmt ?? null,
        }
      : null,
    audio: a
      ? { codec: a.codec_name ?? 'unknown', channels: a.channels ?? 0, sampleRate: Number(a.sample_rate ?? 0) }
      : null,
  };
}

/** ffprobe a file; a file that is not a video fails permanently with a reason a person understands. */
export async function probeMedia(ffprobe: string, file: string, signal?: AbortSignal): Promise<ProbeResult> {
  // lists and playlists name other files or URLs for ffmpeg to open: never followed
  if (isListOfOtherFiles(await head(file)) ) throw new PermanentJobError('not_a_video', LIST_REASON);
  const res = await runProcess(
    ffprobe,
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
    { signal },
  );
  if (res.code !== 0) {
    throw new PermanentJobError(
      'not_a_video',
      `The uploaded file is not a video that can be read (${firstLine(res.stderr) || 'unrecognised format'}).`,
    );
  }
  const parsed = parseProbe(JSON.parse(res.stdout || '{}') as FfprobeJson);
  if (parsed.formatName.split(',').some((f) => LIST_FORMATS.has(f))) throw new PermanentJobError('not_a_video', LIST_REASON);
  if (!parsed.video) {
    throw new PermanentJobError(
      'not_a_video',
      parsed.audio
        ? 'The uploaded file is not a video: it has audio but no picture.'
        : 'The uploaded file is not a video: no video stream was found in it.',
    );
  }
  return parsed;
}

const LIST_REASON = 'The uploaded file is a playlist or a list of other files, not a video.';
/** Demuxers that open other files or URLs named inside the input. */
const LIST_FORMATS = new Set(['concat', 'hls', 'applehttp', 'dash', 'webm_dash_manifest', 'imf', 'sdp', 'rtp', 'rtsp', 'ffmetadata', 'tee']);

async function head(file: string): Promise<string> {
  if (/^https?:\/\//.test(file)) {
    // an object in a bucket, by a presigned URL
    const res = await fetch(file, { headers: { range: 'bytes=0-63' } }).catch(() => null);
    if (!res?.ok) return '';
    return Buffer.from(await res.arrayBuffer()).subarray(0, 64).toString('latin1');
  }
  const fh = await fsp.open(file, 'r').catch(() => null);
  if (!fh) return '';
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await fh.read(buf, 0, 64, 0);
    return buf.subarray(0, bytesRead).toString('latin1');
  } finally {
    await fh.close();
  }
}

function isListOfOtherFiles(start: string): boolean {
  const t = start.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  return /^(ffconcat|#EXTM3U|<\?xml|<MPD|v=0\r?\n|;FFMETADATA)/i.test(t);
}

function firstLine(s: string): string {
  // "[mov,mp4,… @ 0x55d…] moov atom not found" → "moov atom not found"; "/path/file: Invalid data…" → "Invalid data…"
  return (s.split('\n').find((l) => l.trim()) ?? '')
    .replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/i, '')
    .replace(/^.*?: /, '')
    // no path of this server, and no URL of its bucket, in a message a user reads
    .replace(/https?:\/\/\S+/g, 'a file')
    .replace(/(^|[\s(])'?\/[^\s']+'?/g, '$1a file')
    .slice(0, 200);
}
