import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Generates a real test video with ffmpeg (test pattern + tone). */
export function makeVideo(
  file: string,
  opts: {
    width?: number;
    height?: number;
    seconds?: number;
    audio?: boolean;
    format?: 'mp4' | 'webm';
    /** Like a browser's MediaRecorder: fragmented MP4, keyframe every 2 s, Opus audio. */
    recorder?: boolean;
  } = {},
): string {
  const { width = 1280, height = 720, seconds = 4, audio = true, format = 'mp4' } = opts;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const args = ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=30`];
  if (audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-t', String(seconds));
  if (format === 'mp4' && opts.recorder) {
    args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'baseline', '-g', '60', '-pix_fmt', 'yuv420p');
    if (audio) args.push('-c:a', 'libopus', '-b:a', '96k');
    args.push('-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4');
  } else if (format === 'mp4') {
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

/**
 * Writes `src` into `dest` a piece at a time, the way a tus upload grows while a recording runs
 * (in `pieces`, one every `intervalMs`); resolves when all is written.
 */
export async function growFile(src: string, dest: string, opts: { pieces: number; intervalMs: number }): Promise<number> {
  const data = fs.readFileSync(src);
  const size = Math.ceil(data.length / opts.pieces);
  fs.writeFileSync(dest, Buffer.alloc(0));
  for (let off = 0; off < data.length; off += size) {
    fs.appendFileSync(dest, data.subarray(off, Math.min(data.length, off + size)));
    await new Promise((r) => setTimeout(r, opts.intervalMs));
  }
  return data.length;
}

/** Generates an audio-only file (a tone). */
export function makeAudio(file: string, seconds = 2): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(seconds), '-c:a', 'libopus', file]);
  return file;
}

/** A talking video: espeak-ng reads `text` over a test pattern (H.264 + AAC). */
export function makeSpeechVideo(file: string, text: string, opts: { silent?: boolean } = {}): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const wav = `${file}.wav`;
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wav, text]);
  const audio = opts.silent ? ['-f', 'lavfi', '-i', 'anullsrc=r=22050:cl=mono'] : ['-i', wav];
  const seconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', wav]).toString().trim()) + 0.5;
  execFileSync('ffmpeg', [
    '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30`, ...audio,
    '-t', seconds.toFixed(2), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-shortest', '-movflags', '+faststart', file,
  ]);
  fs.rmSync(wav, { force: true });
  return file;
}
