/** The analytics housekeeping every worker process runs: the rollup every N s, partitions and retention hourly. */
import type { Db } from '../db/client';
import { log } from '../log';
import { maintainPartitions, rollupPlaybackEvents } from './rollup';

export function startAnalyticsSchedule(db: Db, opts: { rollupSeconds: number; retentionDays: number }): { stop(): void } {
  let running = false;
  let lastMaintenance = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (Date.now() - lastMaintenance > 3600_000) {
        lastMaintenance = Date.now();
        await maintainPartitions(db, opts.retentionDays);
      }
      // several workers may tick at once: the rollup takes an advisory lock, the others skip
      await rollupPlaybackEvents(db);
    } catch (e) {
      log.warn('analytics rollup failed', { error: e instanceof Error ? e.message : String(e) });
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), 1000);
  const t = setInterval(() => void tick(), opts.rollupSeconds * 1000);
  first.unref?.();
  t.unref?.();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(t);
    },
  };
}
