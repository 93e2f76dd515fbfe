import { vi } from 'vitest';

/**
 * The one way tests wait: reads `read()` until `done(value)` holds (vi.waitFor), then returns the
 * value; on timeout the error shows the last value read.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  opts: { timeout?: number; interval?: number; what?: string } = {},
): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await read();
      if (!done(value)) throw new Error(`${opts.what ?? 'still waiting'}: ${JSON.stringify(value)?.slice(0, 300)}`);
      return value;
    },
    { timeout: opts.timeout ?? 60_000, interval: opts.interval ?? 200 },
  );
}
