import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client';
import { videos, type VideoId, type VideoStatus } from '../platform/db/schema';
import type { VideoRow } from './repo';

/**
 * The video lifecycle, like the recording's (`lib/record/session/machine.ts`): which status changes are
 * legal and who may cause them. Every write of `videos.status` goes through `transitionVideo`, whose
 * UPDATE only matches a row in a status the table allows for that change — so an illegal change
 * cannot happen, even when two processes race.
 *
 *   uploading ──upload finished──► processing ──first rendition──► playable ──ladder done──► ready
 *        │  └──────live ingest published the first rendition──────────┘                    │ ▲
 *        └──► failed ◄── (empty upload, upload never finished, processing failed)            └─┘ re-processing (trim, retry)
 *
 * Actors: `uploads` (the tus server's hooks), `pipeline` (processing jobs), `housekeeping` (the
 * watchdog of unfinished uploads).
 */
export type VideoActor = 'uploads' | 'pipeline' | 'housekeeping';

export const VIDEO_TRANSITIONS: Readonly<Record<VideoStatus, Partial<Record<VideoStatus, readonly VideoActor[]>>>> = {
  uploading: {
    processing: ['uploads'],
    playable: ['pipeline'], // the live ingest published the first rendition while the upload ran
    failed: ['uploads', 'housekeeping', 'pipeline'],
  },
  processing: {
    playable: ['pipeline'],
    ready: ['pipeline'], // a complete version made in one go (re-processing)
    failed: ['pipeline'],
  },
  playable: {
    processing: ['uploads'], // the upload finished after the live ingest had published
    playable: ['pipeline'], // a first rendition replaced by another (a retry)
    ready: ['pipeline'],
  },
  ready: {
    ready: ['pipeline'], // a new complete version replaces the current one (trim, retry)
  },
  failed: {
    processing: ['uploads'], // an upload declared unfinished completed after all
    playable: ['pipeline'],
    ready: ['pipeline'],
  },
};

/** Pure: whether `by` may move a video from `from` to `to`. */
export function canTransitionVideo(from: VideoStatus, to: VideoStatus, by: VideoActor): boolean {
  return VIDEO_TRANSITIONS[from][to]?.includes(by) ?? false;
}

/** The statuses from which `by` may move a video to `to`. */
export function sourcesOf(to: VideoStatus, by: VideoActor): VideoStatus[] {
  return (Object.keys(VIDEO_TRANSITIONS) as VideoStatus[]).filter((from) => canTransitionVideo(from, to, by));
}

export type VideoFields = Omit<Partial<typeof videos.$inferInsert>, 'id' | 'status' | 'ownerId' | 'createdAt'>;

/**
 * Moves a live video to `to` (with other fields of the same change) if the table allows it from its
 * current status; returns the updated row, or null when the video is gone or in a status from which
 * `by` may not cause this change.
 */
export async function transitionVideo(
  db: DbOrTx,
  videoId: VideoId,
  to: VideoStatus,
  by: VideoActor,
  fields: VideoFields = {},
): Promise<VideoRow | null> {
  const from = sourcesOf(to, by);
  if (from.length === 0) return null;
  const [row] = await db
    .update(videos)
    .set({ ...fields, status: to, updatedAt: fields.updatedAt ?? new Date() })
    .where(and(eq(videos.id, videoId), isNull(videos.deletedAt), inArray(videos.status, from)))
    .returning();
  return row ?? null;
}
