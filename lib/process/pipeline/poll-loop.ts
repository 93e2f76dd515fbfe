/**
 * A pass repeated every `intervalMs` while ffmpeg writes (segments going up, a live playlist being
 * published) until `stop()`: the pass in progress finishes, one last pass is not started. The first
 * error ends the loop (`onError` says why); what the loop was for is done whole at the end anyway.
 */
export function pollLoop(pass: (stopping: () => boolean) => Promise<void>, o: { intervalMs: number; onError(e: unknown): void }): { stop(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      try {
        await pass(() => stopped);
      } catch (e) {
        o.onError(e);
        return;
      }
      if (stopped) break;
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, o.intervalMs);
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
