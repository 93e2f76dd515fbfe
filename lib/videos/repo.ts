import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client';
import { renditions, uploads, users, videos, type VideoId } from '../platform/db/schema';
import { asVideoId } from '../shared/api/enums';
import { WeftError } from '../platform/errors';
import { transitionVideo, type VideoActor } from './lifecycle';
import { canManage, type Viewer } from './policy';

export type VideoRow = typeof videos.$inferSelect;
export type RenditionRow = typeof renditions.$inferSelect;

export async function findVideo(db: DbOrTx, id: string): Promise<VideoRow | null> {
  const vid = asVideoId(id);
  if (!vid) return null;
  const [row] = await db
    .select()
    .from(videos)
    .where(and(eq(videos.id, vid), isNull(videos.deletedAt)));
  return row ?? null;
}

/** Loads a video the viewer may manage (the policy's `canManage`); others get the same 404 as for a missing video. */
export async function requireManagedVideo(db: DbOrTx, id: string, viewer: Viewer): Promise<VideoRow> {
  const v = await findVideo(db, id);
  if (!v || !canManage(v, viewer)) throw new WeftError('video_not_found', 'No video with this id.');
  return v;
}

/** A deleted video (its removal may still be undone) that the viewer manages, else null. */
export async function findDeletedVideo(db: DbOrTx, id: string, viewer: Viewer): Promise<VideoRow | null> {
  const vid = asVideoId(id);
  if (!vid) return null;
  const [row] = await db
    .select()
    .from(videos)
    .where(and(eq(videos.id, vid), isNotNull(videos.deletedAt)));
  return row && canManage(row, viewer) ? row : null;
}

/** The owner's videos, newest first. */
export async function listVideosOf(db: DbOrTx, ownerId: string, limit = 100): Promise<VideoRow[]> {
  return db
    .select()
    .from(videos)
    .where(and(isNull(videos.deletedAt), eq(videos.ownerId, ownerId)))
    .orderBy(desc(videos.createdAt))
    .limit(limit);
}

/** Of the given ids, those naming live videos the viewer may manage. */
export async function manageableVideoIds(db: DbOrTx, ids: string[], viewer: Viewer): Promise<VideoId[]> {
  const valid = ids.map(asVideoId).filter((v): v is VideoId => v !== null);
  if (valid.length === 0 || !viewer.userId) return [];
  const rows = await db
    .select({ id: videos.id, ownerId: videos.ownerId })
    .from(videos)
    .where(and(inArray(videos.id, valid), isNull(videos.deletedAt)));
  return rows.filter((r) => canManage(r, viewer)).map((r) => r.id);
}

export async function listRenditions(db: DbOrTx, videoId: VideoId): Promise<RenditionRow[]> {
  return db.select().from(renditions).where(eq(renditions.videoId, videoId)).orderBy(asc(renditions.height));
}

/** The processing stage and its progress (not the status: that is `transitionVideo`'s). */
export async function setVideoStage(db: DbOrTx, id: VideoId, fields: { stage?: string | null; progress?: number | null }): Promise<void> {
  const patch: Partial<typeof videos.$inferInsert> = { updatedAt: new Date() };
  if (fields.stage !== undefined) patch.processingStage = fields.stage;
  if (fields.progress !== undefined) patch.processingProgress = fields.progress;
  await db.update(videos).set(patch).where(eq(videos.id, id));
}

/** The length of the uploaded recording, before cuts (the editor's timeline; whether cuts leave anything). */
export async function setSourceDuration(db: DbOrTx, id: VideoId, ms: number): Promise<void> {
  await db.update(videos).set({ sourceDurationMs: ms }).where(eq(videos.id, id));
}

/** The video failed (a reason for its owner); false when its status does not allow it (e.g. it plays already). */
export async function markVideoFailed(db: DbOrTx, id: VideoId, code: string, message: string, by: VideoActor = 'pipeline'): Promise<boolean> {
  return (await transitionVideo(db, id, 'failed', by, { errorCode: code, errorMessage: message, processingStage: null })) !== null;
}

/** A problem that does not fail the video (it plays on): shown to its owner, the status unchanged. */
export async function setVideoProblem(db: DbOrTx, id: VideoId, code: string, message: string): Promise<void> {
  await db.update(videos).set({ processingStage: null, errorCode: code, errorMessage: message, updatedAt: new Date() }).where(eq(videos.id, id));
}


/** The display name of a video's owner (for unfurls), or null. */
export async function ownerNameOf(db: DbOrTx, ownerId: string | null): Promise<string | null> {
  if (!ownerId) return null;
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, ownerId));
  return row?.name ?? null;
}

/** The uploads of a video (their bytes go with it). */
export async function uploadsOfVideo(db: DbOrTx, videoId: VideoId): Promise<Array<typeof uploads.$inferSelect>> {
  return db.select().from(uploads).where(eq(uploads.videoId, videoId));
}
