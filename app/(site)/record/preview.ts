/**
 * The local review after Stop, with ffmpeg.wasm (single-thread core, self-hosted under /ffmpeg,
 * loaded lazily when a recording starts; it runs in its own module worker): a seekable remux (with duration and index),
 * a poster frame (drawn by the browser's decoder), and an MP4 to download — no server round trip, and the upload never waits for it.
 */
interface FFmpegLike {
  load(o: { coreURL: string; wasmURL: string }): Promise<boolean>;
  writeFile(name: string, data: Uint8Array): Promise<boolean>;
  readFile(name: string): Promise<Uint8Array | string>;
  deleteFile(name: string): Promise<boolean>;
  exec(args: string[]): Promise<number>;
  terminate(): void;
}

let loading: Promise<FFmpegLike> | null = null;

export function loadFFmpeg(): Promise<FFmpegLike> {
  loading ??= (async () => {
    const url = '/ffmpeg/ffmpeg/index.js';
    const mod = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url)) as { FFmpeg: new () => FFmpegLike };
    const ff = new mod.FFmpeg();
    await ff.load({ coreURL: '/ffmpeg/core/ffmpeg-core.js', wasmURL: '/ffmpeg/core/ffmpeg-core.wasm' });
    return ff;
  })();
  loading.catch((e: unknown) => {
    console.warn('ffmpeg.wasm did not load', e);
    loading = null;
  });
  return loading;
}

export interface Preview {
  videoUrl: string;
  posterUrl: string | null;
  /** A file to download: MP4 when the recording is H.264 MP4. */
  download: { url: string; name: string };
  ms: number;
}

function blobUrl(data: Uint8Array | string, type: string): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return URL.createObjectURL(new Blob([bytes.slice().buffer], { type }));
}

/** A JPEG of the frame at `atSec` (or the middle of a shorter video); null when the browser cannot. */
function posterFrom(url: string, atSec: number, timeoutMs = 8000): Promise<string | null> {
  return new Promise((resolve) => {
    const v = document.createElement('video');
    v.muted = true;
    v.preload = 'auto';
    let settled = false;
    const done = (result: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      v.removeAttribute('src');
      v.load();
      resolve(result);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    v.addEventListener('loadedmetadata', () => {
      const d = Number.isFinite(v.duration) && v.duration > 0 ? v.duration : 1;
      v.currentTime = Math.min(atSec, d / 2);
    });
    v.addEventListener(
      'seeked',
      () => {
        const c = document.createElement('canvas');
        c.width = v.videoWidth;
        c.height = v.videoHeight;
        const g = c.getContext('2d');
        if (!g || !c.width) return done(null);
        g.drawImage(v, 0, 0);
        c.toBlob((b) => done(b ? URL.createObjectURL(b) : null), 'image/jpeg', 0.82);
      },
      { once: true },
    );
    v.addEventListener('error', () => done(null));
    v.src = url;
  });
}

let queue: Promise<unknown> = Promise.resolve();
let runs = 0;

/**
 * One preview at a time (ffmpeg.wasm runs one command at a time, and a review shown twice — a
 * re-render with a newer blob — must not delete the files of the other), each with its own names.
 */
export function makePreview(recording: Blob, mimeType: string): Promise<Preview> {
  const run = queue.then(() => previewOnce(recording, mimeType, ++runs));
  queue = run.catch(() => undefined);
  return run;
}

async function previewOnce(recording: Blob, mimeType: string, n: number): Promise<Preview> {
  const started = performance.now();
  // a first load can fail while the 31 MB core is still arriving: one more try
  const ff = await loadFFmpeg().catch(() => loadFFmpeg());
  const mp4 = mimeType.startsWith('video/mp4');
  const input = mp4 ? `in${n}.mp4` : `in${n}.webm`;
  const output = mp4 ? `out${n}.mp4` : `out${n}.webm`;
  await ff.writeFile(input, new Uint8Array(await recording.arrayBuffer()));
  try {
    // stream copy: adds the duration and the index (cues / moov) that MediaRecorder leaves out
    const remux = await ff.exec(['-fflags', '+genpts', '-i', input, '-c', 'copy', '-fps_mode', 'vfr', ...(mp4 ? ['-movflags', '+faststart'] : []), output]);
    if (remux !== 0) throw new Error('the recording could not be read for the preview');
    const videoUrl = blobUrl(await ff.readFile(output), mp4 ? 'video/mp4' : 'video/webm');
    // the poster comes from the browser's own decoder: faster than decoding in wasm, and a wasm
    // decode that stalls can no longer hold the whole review back
    const posterUrl = await posterFrom(videoUrl, 0.5);
    return {
      videoUrl,
      posterUrl,
      download: { url: videoUrl, name: mp4 ? 'recording.mp4' : 'recording.webm' },
      ms: Math.round(performance.now() - started),
    };
  } finally {
    for (const f of [input, output]) await ff.deleteFile(f).catch(() => false);
  }
}
