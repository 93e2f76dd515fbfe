import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Generates a real test video with ffmpeg (test pattern + tone). */
export function makeVideo(
  file: string,
  opts: { width?: number; height?: number; seconds?: number; audio?: boolean; format?: 'mp4' | 'webm' } = {},
): string {
  const { width = 1280, height = 720, seconds = 4, audio = true, format = 'mp4' } = opts;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const args = ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=30`];
  if (audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-t', String(seconds));
  if (format === 'mp4') {
    args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-pix_fmt', 'yuv420p');
    if (audio) args.push('-c:a', 'aac');
    args.push('-movflags', '+faststart');
  } else {
    args.push('-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1M');
    if (audio) args.push('-c:a', 'libopus');
  }
  args.push(file);
  execFileSync('ffmpeg', args);
  return file;
}
