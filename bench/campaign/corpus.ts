/**
 * R4's corpus: bad and odd inputs, made here with ffmpeg and Node (nothing is downloaded). Each
 * input either plays after processing or fails with a human reason; `expect` says which one a
 * user should get (`either` where both are fine, e.g. a truncated file that still has frames).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface CorpusItem {
  name: string;
  file: string;
  /** What the upload claims to be (tus metadata). */
  filename: string;
  filetype: string;
  expect: 'plays' | 'fails' | 'either';
}

const ff = (args: string[]) => execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
const src = (size: string, seconds: number, rate = 30) => ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`, '-t', String(seconds)];
const tone = (seconds: number, extra = '') => ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000${extra}`, '-t', String(seconds)];
const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

/** A minimal zip archive with one stored file (no compression), written by hand. */
function zipWith(name: string, body: Buffer): Buffer {
  const n = Buffer.from(name);
  const crc = crc32(body);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(body.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(body.length, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + body.length, 16);
  return Buffer.concat([local, n, body, central, n, end]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** The corpus in `dir`; `only`: just the items of these names (the import tests take ten formats). */
export function makeCorpus(dir: string, only?: readonly string[]): CorpusItem[] {
  fs.mkdirSync(dir, { recursive: true });
  const items: CorpusItem[] = [];
  const add = (name: string, ext: string, expect: CorpusItem['expect'], make: (file: string) => void, filetype = 'video/mp4') => {
    if (only && !only.includes(name)) return;
    const file = path.join(dir, `${String(items.length + 1).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-')}.${ext}`);
    make(file);
    items.push({ name, file, filename: `${name}.${ext}`, filetype, expect });
  };
  const good = path.join(dir, 'good.mp4');
  ff([...src('640x360', 6), ...tone(6), ...h264, '-g', '30', '-c:a', 'aac', good]);
  const goodTail = path.join(dir, 'good-moov-at-end.mp4');
  ff([...src('640x360', 6), ...tone(6), ...h264, '-g', '30', '-c:a', 'aac', goodTail]);

  add('zero bytes', 'mp4', 'fails', (f) => fs.writeFileSync(f, Buffer.alloc(0)));
  add('one byte', 'webm', 'fails', (f) => fs.writeFileSync(f, Buffer.from([0x1a])));
  add('random bytes', 'mp4', 'fails', (f) => fs.writeFileSync(f, crypto.randomBytes(256 * 1024)));
  add('truncated, index at the end', 'mp4', 'fails', (f) => fs.writeFileSync(f, fs.readFileSync(goodTail).subarray(0, Math.floor(fs.statSync(goodTail).size * 0.4))));
  add('truncated, fragmented', 'mp4', 'either', (f) => {
    const frag = `${f}.full.mp4`;
    ff([...src('640x360', 6), ...tone(6), ...h264, '-g', '30', '-c:a', 'aac', '-movflags', 'frag_keyframe+empty_moov', frag]);
    fs.writeFileSync(f, fs.readFileSync(frag).subarray(0, Math.floor(fs.statSync(frag).size * 0.5)));
    fs.rmSync(frag);
  });
  add('a WebM behind an .mp4 name', 'mp4', 'plays', (f) => ff([...src('640x360', 4), '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-f', 'webm', f]));
  add('an MP4 behind a .webm name', 'webm', 'plays', (f) => fs.copyFileSync(good, f), 'video/webm');
  add('a PNG named .webm', 'webm', 'either', (f) => ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x240', '-frames:v', '1', '-f', 'image2', '-c:v', 'png', f]), 'video/webm');
  add('a zip named .webm', 'webm', 'fails', (f) => fs.writeFileSync(f, zipWith('video.webm', fs.readFileSync(good))), 'video/webm');
  add('a text file', 'mp4', 'fails', (f) => fs.writeFileSync(f, 'This is not a video.\n'.repeat(100)));
  add('an HLS playlist pointing elsewhere', 'mp4', 'fails', (f) =>
    fs.writeFileSync(f, '#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://169.254.169.254/latest/meta-data/\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n'),
  );
  add('audio only (AAC)', 'mp4', 'either', (f) => ff([...tone(5), '-c:a', 'aac', f]), 'audio/mp4');
  add('audio only (Opus in WebM)', 'webm', 'either', (f) => ff([...tone(5), '-c:a', 'libopus', '-f', 'webm', f]), 'audio/webm');
  add('no audio', 'mp4', 'plays', (f) => ff([...src('640x360', 4), ...h264, f]));
  add('one frame', 'mp4', 'either', (f) => ff(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-frames:v', '1', ...h264, f]));
  add('a tenth of a second', 'mp4', 'either', (f) => ff([...src('640x360', 0.1), ...h264, f]));
  add('8K, one second', 'mp4', 'plays', (f) => ff([...src('7680x4320', 1, 5), ...h264, f]));
  add('odd size 641x359', 'mp4', 'plays', (f) => ff([...src('641x359', 3), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv444p', f]));
  add('tiny 16x16', 'mp4', 'plays', (f) => ff([...src('16x16', 3), ...h264, f]));
  add('a sliver 1920x64', 'mp4', 'plays', (f) => ff([...src('1920x64', 3), ...h264, f]));
  add('portrait phone video, rotated 90°', 'mp4', 'plays', (f) => {
    const raw = `${f}.raw.mp4`;
    ff([...src('1280x720', 3), ...tone(3), ...h264, '-c:a', 'aac', raw]);
    ff(['-i', raw, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', f]);
    fs.rmSync(raw);
  });
  add('10-bit H.264', 'mp4', 'plays', (f) => ff([...src('640x360', 3), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le', f]));
  add('HEVC', 'mp4', 'plays', (f) => ff([...src('640x360', 3), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', f]));
  add('VP9 + Opus', 'webm', 'plays', (f) => ff([...src('640x360', 3), ...tone(3), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', f]), 'video/webm');
  add('AV1', 'mp4', 'plays', (f) => ff([...src('320x180', 2), '-c:v', 'libsvtav1', '-preset', '12', f]));
  add('MPEG-2 in MPEG-TS', 'ts', 'plays', (f) => ff([...src('720x576', 3), ...tone(3), '-c:v', 'mpeg2video', '-c:a', 'mp2', '-f', 'mpegts', f]), 'video/mp2t');
  add('ProRes in MOV', 'mov', 'plays', (f) => ff([...src('640x360', 2), '-c:v', 'prores_ks', '-profile:v', '0', f]), 'video/quicktime');
  add('animated GIF named .mp4', 'mp4', 'either', (f) => ff([...src('320x180', 2, 10), '-f', 'gif', f]));
  add('variable resolution mid-stream', 'ts', 'plays', (f) => {
    const a = `${f}.a.ts`;
    const b = `${f}.b.ts`;
    ff([...src('640x360', 2), ...h264, '-f', 'mpegts', a]);
    ff([...src('1280x720', 2), ...h264, '-f', 'mpegts', b]);
    fs.writeFileSync(f, Buffer.concat([fs.readFileSync(a), fs.readFileSync(b)]));
    fs.rmSync(a);
    fs.rmSync(b);
  }, 'video/mp2t');
  add('variable frame rate', 'mkv', 'plays', (f) => ff([...src('640x360', 4), '-vf', "setpts='if(lt(N,30),N/30/TB,(1+(N-30)/5)/TB)'", '-fps_mode', 'vfr', ...h264, f]), 'video/x-matroska');
  add('a start time of 1000 s', 'ts', 'plays', (f) => ff([...src('640x360', 3), ...h264, '-output_ts_offset', '1000', '-f', 'mpegts', f]), 'video/mp2t');
  add('two video streams', 'mkv', 'plays', (f) => ff([...src('640x360', 3), ...src('320x180', 3), '-map', '0:v', '-map', '1:v', ...h264, f]), 'video/x-matroska');
  add('5.1 audio at 8 kHz mono mix', 'mp4', 'plays', (f) =>
    ff([...src('640x360', 3), '-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=8000', '-t', '3', ...h264, '-c:a', 'aac', '-ac', '6', f]),
  );
  add('60 fps, one keyframe only', 'mp4', 'plays', (f) => ff([...src('640x360', 5, 60), ...h264, '-g', '100000', '-keyint_min', '100000', '-sc_threshold', '0', f]));
  add('interlaced', 'mp4', 'plays', (f) => ff([...src('720x480', 3), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-flags', '+ildct+ilme', '-x264opts', 'tff=1', f]));
  add('huge metadata (1 MB title)', 'mkv', 'plays', (f) => {
    // too long for a command line: an ffmetadata file
    const meta = `${f}.meta.txt`;
    fs.writeFileSync(meta, `;FFMETADATA1\ntitle=${'W'.repeat(1024 * 1024)}\n`);
    ff(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'ffmetadata', '-i', meta, '-map', '0:v', '-map_metadata', '1', '-t', '2', ...h264, f]);
    fs.rmSync(meta);
  }, 'video/x-matroska');
  add('a subtitle stream and no video', 'mkv', 'fails', (f) => {
    const srt = `${f}.srt`;
    fs.writeFileSync(srt, '1\n00:00:00,000 --> 00:00:02,000\nHello\n');
    ff(['-i', srt, '-c:s', 'srt', f]);
    fs.rmSync(srt);
  }, 'video/x-matroska');
  add('an ffconcat list that names itself', 'mp4', 'fails', (f) => fs.writeFileSync(f, `ffconcat version 1.0\nfile '${path.basename(f)}'\nfile '${path.basename(f)}'\n`));
  // tiny on disk, long to decode: two hours of a 64x64 picture at one frame a second
  add('a file that decodes for long (2 h at 1 fps)', 'mp4', 'either', (f) => ff([...src('64x64', 7200, 1), ...h264, '-g', '600', f]));
  fs.rmSync(good);
  fs.rmSync(goodTail);
  return items;
}
