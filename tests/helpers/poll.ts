/**
 * The one way tests (and benchmarks) wait: reads `read()` until `done(value)` holds, then returns
 * the value; on timeout the error shows the last value read. A read that throws is retried.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  opts: { timeout?: number; interval?: number; what?: string } = {},
): Promise<T> {
  const end = Date.now() + (opts.timeout ?? 60_000);
  let last: { value?: T; error?: unknown } = {};
  for (;;) {
    try {
      const value = await read();
      if (done(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() > end) {
      const seen = 'error' in last ? `error ${String(last.error)}` : JSON.stringify(last.value)?.slice(0, 300);
      throw new Error(`${opts.what ?? 'still waiting'} after ${opts.timeout ?? 60_000} ms: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, opts.interval ?? 200));
  }
}
