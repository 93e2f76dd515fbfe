import type { Db } from '@/lib/platform/db/client';
import { maintainPartitions, rollupPlaybackEvents } from '@/lib/watch/analytics/rollup';
import { pruneDeliveredEvents } from '@/lib/platform/events/outbox';
import { log } from '@/lib/platform/log';
import { jobHandler } from '@/lib/platform/queue/payloads';
import type { HousekeepingTask } from '@/lib/platform/queue/schedule';
import type { JobHandlerSpec } from '@/lib/platform/queue/runner';
import { failUnfinishedUpload } from '@/lib/record/uploads/service';
import { purgeVideo } from '@/lib/videos/purge';
import { dropVersion } from '@/lib/process/edit/drop';
import type { WorkerDeps } from '../deps';
import type { Clock } from '@/lib/platform/clock';

/** recording_completed → some minutes later: a recording whose upload never finished is failed, visibly. */
export function watchUploadHandler(): JobHandlerSpec {
  return jobHandler('watch-upload', {
    run: async ({ db, payload }) => {
      await failUnfinishedUpload(db, payload.videoId, payload.sessionId);
    },
  });
}

/** A replaced version's files, after the grace period viewers of it get (lib/process/edit/drop.ts). */
export function dropVersionHandler(deps: WorkerDeps): JobHandlerSpec {
  return jobHandler('drop-version', {
    run: async ({ db, payload }) => {
      await dropVersion(db, deps.storage.objects, payload.videoId, payload.version);
    },
  });
}

/** Cancelled or deleted video → its bytes (upload and outputs) and rows are removed. */
export function purgeVideoHandler(deps: WorkerDeps): JobHandlerSpec {
  return jobHandler('purge-video', {
    run: ({ db, payload }) => purgeVideo(db, deps.storage.objects, payload.videoId),
  });
}

export interface HousekeepingOptions {
  rollupSeconds: number;
  /** Playback events are kept this many days. */
  analyticsRetentionDays: number;
  /** Finished jobs and delivered events are kept this many days. */
  jobRetentionDays: number;
  /** What time it is (retention). */
  clock?: Clock;
  /** Removes unfinished uploads past their expiry (the tus server's). */
  cleanExpiredUploads?: () => Promise<unknown>;
}

/** The scheduled housekeeping tasks (run by whichever worker pg-boss hands the occurrence to). */
export function housekeepingTasks(db: Db, opts: HousekeepingOptions): (task: HousekeepingTask) => Promise<void> {
  return async (task) => {
    if (task === 'rollup') {
      // should two runs overlap, the rollup's advisory lock lets one through
      await rollupPlaybackEvents(db);
      return;
    }
    const partitions = await maintainPartitions(db, opts.analyticsRetentionDays);
    const events = await pruneDeliveredEvents(db, opts.jobRetentionDays, opts.clock);
    await opts.cleanExpiredUploads?.();
    log.info('housekeeping done', { droppedPartitions: partitions.dropped.length, prunedEvents: events });
  };
}
