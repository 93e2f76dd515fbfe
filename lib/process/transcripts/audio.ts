import { spawn } from 'node:child_process';

export const SAMPLE_RATE = 16_000;

/** Decodes the first audio stream of `input` to 16 kHz mono float samples (what Whisper reads). */
export function extractPcm(ffmpeg: string, input: string, signal?: AbortSignal): Promise<Float32Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      ffmpeg,
      ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', input, '-map', '0:a:0', '-vn', '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 'f32le', 'pipe:1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => reject(new Error(`could not run ${ffmpeg}: ${e.message}`)));
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      if (code !== 0) return reject(new Error(`audio extraction failed: ${stderr.trim().slice(-300)}`));
      const all = Buffer.concat(chunks);
      const aligned = new Float32Array(Math.floor(all.length / 4));
      Buffer.from(aligned.buffer).set(all.subarray(0, aligned.length * 4));
      resolve(aligned);
    });
  });
}

/**
 * Pure: whether the samples hold anything to hear — some 100 ms frame louder than −46 dBFS RMS.
 * Whisper invents words in silence, so silent videos are not transcribed.
 */
export function hasSound(samples: Float32Array, threshold = 0.005): boolean {
  const frame = SAMPLE_RATE / 10;
  for (let i = 0; i < samples.length; i += frame) {
    let sum = 0;
    const end = Math.min(samples.length, i + frame);
    for (let j = i; j < end; j++) sum += (samples[j] ?? 0) ** 2;
    if (Math.sqrt(sum / Math.max(1, end - i)) > threshold) return true;
  }
  return false;
}
