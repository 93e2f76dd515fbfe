import type { DbOrTx } from '../db/client';
import { cancelVideoJobs, enqueue } from '../queue/jobs';

/**
 * A video was deleted (or its recording cancelled): the work still queued or running for it stops —
 * a running transcode notices at its next heartbeat and its ffmpeg is killed — and one job removes
 * its bytes and rows. Call in the transaction that hides the video.
 */
export async function scheduleVideoPurge(tx: DbOrTx, videoId: string): Promise<void> {
  await cancelVideoJobs(tx, videoId, 'the video was deleted');
  await enqueue(tx, { kind: 'purge-video', payload: { videoId }, dedupeKey: `purge-video:${videoId}`, videoId });
}
