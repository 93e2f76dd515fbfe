import { GrowingFile } from '../../platform/storage/disk';
import type { GrowingObject } from '../../platform/storage/types';
import type { Writable } from 'node:stream';

export type GrowthState =
  /** More bytes may come. */
  | { kind: 'growing' }
  /** The file is complete at this size. */
  | { kind: 'complete'; size: number }
  /** The upload was abandoned or removed: stop. */
  | { kind: 'gone'; reason: string };

export interface TailOptions {
  /** The bytes so far. */
  source: GrowingObject;
  /** Asked only when no new bytes have arrived (at most every `checkMs`). */
  state: () => Promise<GrowthState>;
  pollMs?: number;
  checkMs?: number;
  /** Give up when the upload has not grown for this long and is not complete. */
  idleTimeoutMs: number;
  signal?: AbortSignal;
  onBytes?: (total: number) => void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function write(out: Writable, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    out.once('error', onError);
    const ok = out.write(chunk, (e) => {
      out.off('error', onError);
      if (e) reject(e);
      else if (ok) resolve();
    });
    if (!ok) out.once('drain', () => resolve());
  });
}

/** `tailUpload` on a local file that is still being written. */
export function tailFile(out: Writable, opts: Omit<TailOptions, 'source'> & { file: string }): Promise<number> {
  return tailUpload(out, { ...opts, source: new GrowingFile(opts.file) });
}

/**
 * Streams an upload that is still arriving (a tus upload in progress) into `out`, following it
 * until the upload is complete; returns the number of bytes written. Throws when the upload is
 * gone, stalls for `idleTimeoutMs`, or the signal aborts.
 */
export async function tailUpload(out: Writable, opts: TailOptions): Promise<number> {
  const pollMs = opts.pollMs ?? 100;
  const checkMs = opts.checkMs ?? 250;
  let offset = 0;
  let lastGrowth = Date.now();
  let lastCheck = 0;
  try {
    for (;;) {
      if (opts.signal?.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : new Error('aborted');
      let grew = false;
      for (;;) {
        const bytes = await opts.source.read(offset, 1 << 20);
        if (bytes.length === 0) break;
        offset += bytes.length;
        grew = true;
        await write(out, bytes);
      }
      if (grew) {
        lastGrowth = Date.now();
        opts.onBytes?.(offset);
        continue;
      }
      if (Date.now() - lastCheck >= checkMs) {
        lastCheck = Date.now();
        const s = await opts.state();
        if (s.kind === 'gone') throw new Error(s.reason);
        if (s.kind === 'complete') {
          if (offset >= s.size) return offset;
          // the last bytes may still be on their way: read again before deciding
          if (Date.now() - lastGrowth > opts.idleTimeoutMs) throw new Error('the upload is shorter than its declared size');
          continue;
        }
      }
      if (Date.now() - lastGrowth > opts.idleTimeoutMs) throw new Error('the upload stopped growing');
      await sleep(pollMs, opts.signal);
    }
  } finally {
    await opts.source.close();
  }
}
