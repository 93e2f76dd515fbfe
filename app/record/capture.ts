/** Browser capture helpers for the recorder (no React). */

export const RECORDING_MIME_TYPES = [
  'video/mp4;codecs=avc1,opus',
  'video/mp4;codecs=avc1.64001f,opus',
  'video/webm;codecs=vp9,opus',
  'video/webm;codecs=vp8,opus',
  'video/webm;codecs=h264,opus',
  'video/webm',
] as const;

/** The first container/codec this browser's MediaRecorder supports; H.264 MP4 first. */
export function pickMimeType(): string | undefined {
  if (typeof MediaRecorder === 'undefined') return undefined;
  return RECORDING_MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
}

export function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export interface CaptureResult {
  stream: MediaStream;
  micAvailable: boolean;
  stop(): void;
}

/** Screen (with tab/system audio when shared) + microphone, mixed into one stream. */
export async function captureScreenAndMic(): Promise<CaptureResult> {
  const display = await withTimeout(
    navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 30 }, audio: true }),
    120_000,
    'Screen sharing did not start. Pick a screen, window or tab to share.',
  );
  let mic: MediaStream | null = null;
  try {
    mic = await withTimeout(
      navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } }),
      30_000,
      'The microphone did not answer.',
    );
  } catch {
    mic = null; // recording without a microphone is allowed
  }
  const tracks: MediaStreamTrack[] = [...display.getVideoTracks()];
  const audioSources = [display, mic].filter((s): s is MediaStream => !!s && s.getAudioTracks().length > 0);
  let ctx: AudioContext | null = null;
  if (audioSources.length === 1) {
    tracks.push(...(audioSources[0]?.getAudioTracks() ?? []));
  } else if (audioSources.length > 1) {
    ctx = new AudioContext();
    const dest = ctx.createMediaStreamDestination();
    for (const s of audioSources) ctx.createMediaStreamSource(s).connect(dest);
    tracks.push(...dest.stream.getAudioTracks());
  }
  const stream = new MediaStream(tracks);
  return {
    stream,
    micAvailable: !!mic,
    stop() {
      for (const s of [display, mic]) s?.getTracks().forEach((t) => t.stop());
      void ctx?.close();
    },
  };
}

/**
 * MediaRecorder chunks as a byte stream for tus-js-client. Chunks are converted in order and the
 * stream closes after the recorder's last chunk.
 */
export function recorderByteStream(recorder: MediaRecorder, onBytes: (n: number) => void): ReadableStream<Uint8Array> {
  let chain = Promise.resolve();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      recorder.addEventListener('dataavailable', (e: BlobEvent) => {
        if (e.data.size === 0) return;
        chain = chain.then(async () => {
          const bytes = new Uint8Array(await e.data.arrayBuffer());
          onBytes(bytes.byteLength);
          controller.enqueue(bytes);
        });
      });
      recorder.addEventListener('stop', () => {
        chain = chain.then(() => controller.close());
      });
    },
  });
}
