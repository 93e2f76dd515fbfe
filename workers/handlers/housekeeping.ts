import { eq } from 'drizzle-orm';
import { uploads, videos } from '@/lib/db/schema';
import type { JobHandlerSpec } from '@/lib/queue/runner';
import { findUploadBySession } from '@/lib/uploads/service';
import { findVideo } from '@/lib/videos/repo';
import type { WorkerDeps } from '../deps';

/** recording_completed → some minutes later: a recording whose upload never finished is failed, visibly. */
export function watchUploadHandler(): JobHandlerSpec {
  return {
    async run({ job, db }) {
      const videoId = String(job.payload.videoId ?? '');
      const sessionId = String(job.payload.sessionId ?? '');
      const video = await findVideo(db, videoId);
      if (!video || video.status !== 'uploading') return;
      const upload = await findUploadBySession(db, sessionId);
      if (upload?.status === 'complete') return;
      await db
        .update(videos)
        .set({
          status: 'failed',
          errorCode: 'upload_incomplete',
          errorMessage: 'The recording stopped but its upload never finished. Open the recorder on the same computer to resume it.',
          updatedAt: new Date(),
        })
        .where(eq(videos.id, videoId));
    },
  };
}

/** video_processed → the owner's "your video is ready" notification (once per video). */
/** Cancelled or deleted video → its bytes (upload and outputs) and rows are removed. */
export function purgeVideoHandler(deps: WorkerDeps): JobHandlerSpec {
  return {
    async run({ job, db }) {
      const videoId = String(job.payload.videoId ?? '');
      const ups = await db.select().from(uploads).where(eq(uploads.videoId, videoId));
      for (const u of ups) await deps.storage.deletePrefix(u.storageKey);
      await deps.storage.deletePrefix(`videos/${videoId}`);
      await db.delete(videos).where(eq(videos.id, videoId));
    },
  };
}
