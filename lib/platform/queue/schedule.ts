import type { DbOrTx } from '../db/client';
import { HOUSEKEEPING_QUEUE, engineOf } from './engine';

/**
 * Housekeeping runs as pg-boss jobs on a schedule, so one worker among many does each run:
 * - `rollup` (playback events into the insights) every `rollupSeconds`: a cron job every minute,
 *   and each run sends the next one after `rollupSeconds`, throttled to one per interval;
 * - `maintenance` (analytics partitions and retention, delivered events, expired uploads) hourly;
 *   pg-boss deletes finished jobs itself after the retention period.
 */
export type HousekeepingTask = 'rollup' | 'maintenance';

export interface HousekeepingData {
  task: HousekeepingTask;
}

export async function scheduleHousekeeping(db: DbOrTx, rollupSeconds: number): Promise<void> {
  const boss = engineOf(db).boss;
  await boss.schedule(HOUSEKEEPING_QUEUE, '* * * * *', { task: 'rollup' } satisfies HousekeepingData, { key: 'rollup' });
  await boss.schedule(HOUSEKEEPING_QUEUE, '17 * * * *', { task: 'maintenance' } satisfies HousekeepingData, { key: 'maintenance' });
  await requestHousekeeping(db, 'maintenance', 0, 3600);
  await requestHousekeeping(db, 'rollup', 1, rollupSeconds);
}

/** One run of a task after `afterSeconds`; a second request in the same `slotSeconds` is dropped. */
export async function requestHousekeeping(db: DbOrTx, task: HousekeepingTask, afterSeconds: number, slotSeconds: number): Promise<boolean> {
  const id = await engineOf(db).boss.send(HOUSEKEEPING_QUEUE, { task } satisfies HousekeepingData, {
    startAfter: afterSeconds,
    singletonKey: task,
    singletonSeconds: Math.max(1, slotSeconds),
    retryLimit: 1,
  });
  return id !== null;
}
