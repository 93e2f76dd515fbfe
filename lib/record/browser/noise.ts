/**
 * The microphone on its way to MediaRecorder: RNNoise (@sapphi-red/web-noise-suppressor's
 * WebAssembly build, served by Weft from public/recorder/rnnoise or the extension's own copy) in an
 * AudioWorklet at 48 kHz, switchable while recording (the recorded track stays the same), and a level
 * meter on what comes out — what the recording hears. Where the worklet cannot load, the microphone
 * passes as it is and `suppressing` stays false.
 */
import { peakLevel } from './capture';

export interface MicChain {
  /** The track to record. */
  stream: MediaStream;
  /** RNNoise is loaded (the toggle can take effect). */
  readonly available: boolean;
  /** Whether the noise is being removed now. */
  readonly suppressing: boolean;
  setSuppression(on: boolean): void;
  /** 0..1, peak with a gentle fall-off, after suppression. */
  level(): number;
  stop(): void;
}

/** Builds the chain; `onProblem` hears why suppression is unavailable (shown to the person). */
export async function micChain(mic: MediaStream, opts: { assets: string; suppress: boolean; onProblem?: (m: string) => void }): Promise<MicChain> {
  const ctx = new AudioContext({ sampleRate: 48_000, latencyHint: 'interactive' });
  // a context made before any click starts suspended: the first click or key wakes it
  const wake = () => void ctx.resume().catch(() => undefined);
  if (ctx.state === 'suspended' && typeof document !== 'undefined') {
    document.addEventListener('pointerdown', wake, { once: true, capture: true });
    document.addEventListener('keydown', wake, { once: true, capture: true });
  }
  const src = ctx.createMediaStreamSource(mic);
  const dest = ctx.createMediaStreamDestination();
  dest.channelCount = 1;
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  let rnnoise: (AudioWorkletNode & { destroy(): void }) | null = null;
  try {
    const { RnnoiseWorkletNode, loadRnnoise } = await import('@sapphi-red/web-noise-suppressor');
    const [wasmBinary] = await Promise.all([
      loadRnnoise({ url: `${opts.assets}rnnoise/rnnoise.wasm`, simdUrl: `${opts.assets}rnnoise/rnnoise_simd.wasm` }),
      ctx.audioWorklet.addModule(`${opts.assets}rnnoise/workletProcessor.js`),
    ]);
    rnnoise = new RnnoiseWorkletNode(ctx, { wasmBinary, maxChannels: 1 });
  } catch (e) {
    opts.onProblem?.(`Noise suppression is unavailable in this browser (${(e as Error).message || 'it did not load'}); recording the microphone as it is.`);
  }
  let on = false;
  const wire = (next: boolean) => {
    src.disconnect();
    rnnoise?.disconnect();
    on = next && !!rnnoise;
    if (on && rnnoise) {
      src.connect(rnnoise);
      rnnoise.connect(dest);
      rnnoise.connect(analyser);
    } else {
      src.connect(dest);
      src.connect(analyser);
    }
  };
  wire(opts.suppress);
  const level = peakLevel(analyser);
  return {
    stream: dest.stream,
    get available() {
      return !!rnnoise;
    },
    get suppressing() {
      return on;
    },
    setSuppression: (next) => {
      if (next !== on) wire(next);
    },
    level,
    stop() {
      document.removeEventListener('pointerdown', wake, { capture: true });
      document.removeEventListener('keydown', wake, { capture: true });
      rnnoise?.destroy();
      dest.stream.getTracks().forEach((t) => t.stop());
      void ctx.close();
    },
  };
}
