import { jobHandler } from '@/lib/queue/payloads';
import type { JobHandlerSpec } from '@/lib/queue/runner';
import { failUnfinishedUpload } from '@/lib/uploads/service';
import { purgeVideo } from '@/lib/videos/purge';
import type { WorkerDeps } from '../deps';

/** recording_completed → some minutes later: a recording whose upload never finished is failed, visibly. */
export function watchUploadHandler(): JobHandlerSpec {
  return jobHandler('watch-upload', {
    run: async ({ db, payload }) => {
      await failUnfinishedUpload(db, payload.videoId, payload.sessionId);
    },
  });
}

/** Cancelled or deleted video → its bytes (upload and outputs) and rows are removed. */
export function purgeVideoHandler(deps: WorkerDeps): JobHandlerSpec {
  return jobHandler('purge-video', {
    run: ({ db, payload }) => purgeVideo(db, deps.storage, payload.videoId),
  });
}
