import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TranscriptSegment } from '../../platform/db/schema';

export interface WhisperOptions {
  /** Hub id or local model folder. */
  model: string;
  dtype: 'fp32' | 'q8';
  modelsDir: string;
  allowDownload: boolean;
  threads: number;
  language?: string;
  /** `translate`: English text whatever is spoken (Whisper's translate task). */
  task?: 'transcribe' | 'translate';
  /** A fixed token budget per 30 s window (benchmarks); the model's own limit otherwise. */
  maxNewTokens?: number;
}

type Reply =
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'done'; id: number; segments: TranscriptSegment[]; language: string | null }
  | { type: 'error'; id: number; message: string };

export interface WhisperResult {
  segments: TranscriptSegment[];
  /** The language transcribed: the one asked for, or the one Whisper detected. */
  language: string | null;
}

interface Pending {
  resolve(r: WhisperResult): void;
  reject(e: Error): void;
  onProgress?: (fraction: number) => void;
}

/** The thread's script, beside the app (it is loaded from disk, not from the server bundle). */
export function whisperThreadPath(root = process.cwd()): string {
  return path.join(root, 'workers', 'whisper', 'thread.mjs');
}

/**
 * Runs Whisper in one worker thread per process; requests queue there in order. A request aborted
 * (job lost its lease, worker stopping) ends the thread, so no work continues for nobody.
 */
export class WhisperRunner {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `nice`: the thread's scheduling niceness on Linux (background work; 0 = as the server). */
  constructor(
    private readonly threadPath = whisperThreadPath(),
    private readonly nice = 10,
  ) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.threadPath, { workerData: { nice: this.nice } });
    w.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') p.onProgress?.(m.fraction);
      else {
        this.pending.delete(m.id);
        if (this.pending.size === 0) w.unref(); // an idle thread does not keep the process alive
        if (m.type === 'done') p.resolve({ segments: m.segments, language: m.language });
        else p.reject(new Error(m.message));
      }
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = null;
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the transcription thread stopped (exit ${code})`)));
    w.unref();
    this.worker = w;
    return w;
  }

  transcribe(
    audio: Float32Array,
    opts: WhisperOptions,
    hooks: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
  ): Promise<WhisperResult> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        void this.close();
        reject(hooks.signal?.reason instanceof Error ? hooks.signal.reason : new Error('aborted'));
      };
      if (hooks.signal?.aborted) return onAbort();
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      const done = <T>(f: (v: T) => void) => (v: T) => {
        hooks.signal?.removeEventListener('abort', onAbort);
        f(v);
      };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject), onProgress: hooks.onProgress });
      const copy = audio.slice();
      worker.ref();
      worker.postMessage({ type: 'transcribe', id, audio: copy.buffer, ...opts }, [copy.buffer]);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
