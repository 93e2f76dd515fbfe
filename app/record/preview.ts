/**
 * The local review after Stop, with ffmpeg.wasm (single-thread core, self-hosted under /ffmpeg,
 * loaded lazily; it runs in its own module worker): a seekable remux (with duration and index),
 * a poster frame, and an MP4 to download — no server round trip, and the upload never waits for it.
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
  const poster = `poster${n}.jpg`;
  await ff.writeFile(input, new Uint8Array(await recording.arrayBuffer()));
  try {
    // stream copy: adds the duration and the index (cues / moov) that MediaRecorder leaves out
    const remux = await ff.exec(['-fflags', '+genpts', '-i', input, '-c', 'copy', '-fps_mode', 'vfr', ...(mp4 ? ['-movflags', '+faststart'] : []), output]);
    if (remux !== 0) throw new Error('the recording could not be read for the preview');
    const posterCode = await ff.exec(['-ss', '0.5', '-i', output, '-frames:v', '1', '-q:v', '4', poster]);
    const videoUrl = blobUrl(await ff.readFile(output), mp4 ? 'video/mp4' : 'video/webm');
    const posterUrl = posterCode === 0 ? blobUrl(await ff.readFile(poster), 'image/jpeg') : null;
    return {
      videoUrl,
      posterUrl,
      download: { url: videoUrl, name: mp4 ? 'recording.mp4' : 'recording.webm' },
      ms: Math.round(performance.now() - started),
    };
  } finally {
    for (const f of [input, output, poster]) await ff.deleteFile(f).catch(() => false);
  }
}
