/**
 * The noise suppression fixture and its measurement, for e2e/noise.spec.ts and the recorder
 * benchmark: espeak-ng speech after 2 s of nothing, mixed with generated pink noise and a 120 Hz
 * hum (about 12 dB under the speech), and RNNoise run on it in the page's OfflineAudioContext.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

const DIR = path.resolve('.tmp', 'noise');
const SPEECH = path.join(DIR, 'speech.wav');
const NOISE = path.join(DIR, 'noise.wav');
export const NOISY = path.join(DIR, 'noisy.wav');
const RATE = 48_000;

export function makeFixture(): void {
  if (fs.existsSync(NOISY)) return;
  fs.mkdirSync(DIR, { recursive: true });
  const raw = path.join(DIR, 'espeak.wav');
  execFileSync('espeak-ng', ['-s', '150', '-w', raw, 'Hello. This is a short update about the quarterly numbers. The fan behind me should disappear, and my voice should stay as it is.']);
  // 2 s of nothing, the speech, 1 s of nothing: 48 kHz mono
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', raw, '-af', `aresample=${RATE},adelay=2000,apad=pad_dur=1`, '-ac', '1', '-ar', String(RATE), '-c:a', 'pcm_s16le', SPEECH]);
  const seconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', SPEECH]).toString().trim());
  // pink noise and mains hum, about 12 dB under the speech
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `anoisesrc=c=pink:a=0.035:r=${RATE}:d=${seconds}`, '-f', 'lavfi', '-i', `sine=f=120:r=${RATE}:d=${seconds}`, '-filter_complex', '[1]volume=0.012[h];[0][h]amix=inputs=2:normalize=0', '-ac', '1', '-c:a', 'pcm_s16le', NOISE]);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', SPEECH, '-i', NOISE, '-filter_complex', 'amix=inputs=2:normalize=0', '-ac', '1', '-c:a', 'pcm_s16le', NOISY]);
}

const pcm = (file: string) => {
  const b = fs.readFileSync(file);
  const data = b.indexOf('data') + 8; // ffmpeg writes a plain 44-byte-ish header with LIST; find the data chunk
  return Array.from(new Int16Array(b.buffer.slice(b.byteOffset + data, b.byteOffset + b.length - ((b.length - data) % 2))));
};

export interface Figures {
  seconds: number;
  renderMs: number;
  plainRenderMs: number;
  floorInDb: number;
  floorOutDb: number;
  speechCleanDb: number;
  speechOutDb: number;
}

/** RNNoise (the worklet and wasm Weft serves) on the fixture, in an OfflineAudioContext of `page`. */
export async function measure(page: Page): Promise<Figures> {
  return page.evaluate(
    async ({ speech, noise, rate }) => {
      const f32 = (xs: number[]) => Float32Array.from(xs, (v) => v / 32768);
      const s = f32(speech);
      const n = f32(noise.slice(0, speech.length));
      const x = s.map((v, i) => v + (n[i] ?? 0));
      const wasm = await (await fetch('/recorder/rnnoise/rnnoise_simd.wasm')).arrayBuffer();
      const render = async (withRnnoise: boolean) => {
        const ctx = new OfflineAudioContext(1, x.length, rate);
        const buf = ctx.createBuffer(1, x.length, rate);
        buf.copyToChannel(x, 0);
        const src = ctx.createBufferSource();
        src.buffer = buf;
        if (withRnnoise) {
          await ctx.audioWorklet.addModule('/recorder/rnnoise/workletProcessor.js');
          const node = new AudioWorkletNode(ctx, '@sapphi-red/web-noise-suppressor/rnnoise', { processorOptions: { maxChannels: 1, wasmBinary: wasm.slice(0) } });
          src.connect(node).connect(ctx.destination);
          // the worklet compiles its wasm on its own thread, and says nothing when done: give it time
          // (an offline context renders at once; a live one just has ~50 ms of silence at the start)
          await new Promise((r) => setTimeout(r, 1000));
        } else {
          src.connect(ctx.destination);
        }
        src.start();
        const t = performance.now();
        const out = await ctx.startRendering();
        return { y: out.getChannelData(0), ms: performance.now() - t };
      };
      const plain = await render(false);
      const { y, ms } = await render(true);
      const frame = Math.round(rate * 0.02);
      const rms = (a: Float32Array, from: number, to: number) => {
        let e = 0;
        for (let i = from; i < to; i++) e += a[i]! * a[i]!;
        return Math.sqrt(e / Math.max(1, to - from));
      };
      const db = (v: number) => 20 * Math.log10(Math.max(v, 1e-9));
      // the noise floor: 0.5–1.8 s (nothing said yet; the first half second lets the model settle)
      const [a, b] = [Math.round(rate * 0.5), Math.round(rate * 1.8)];
      // the speech: 20 ms frames where the clean speech is within 20 dB of its loudest frame
      let loudest = 0;
      for (let i = 0; i + frame <= s.length; i += frame) loudest = Math.max(loudest, rms(s, i, i + frame));
      let eClean = 0;
      let eOut = 0;
      for (let i = 0; i + frame <= s.length; i += frame) {
        const r = rms(s, i, i + frame);
        if (r < loudest / 10) continue;
        eClean += r * r;
        const o = rms(y, i, i + frame);
        eOut += o * o;
      }
      return {
        seconds: x.length / rate,
        renderMs: ms,
        plainRenderMs: plain.ms,
        floorInDb: db(rms(x, a, b)),
        floorOutDb: db(rms(y, a, b)),
        speechCleanDb: 10 * Math.log10(eClean),
        speechOutDb: 10 * Math.log10(eOut),
      };
    },
    { speech: pcm(SPEECH), noise: pcm(NOISE), rate: RATE },
  );
}

