import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { recordingSessions, uploads, videos } from '../../platform/db/schema';
import type { VideoId } from '../../shared/api/enums';
import { WeftError } from '../../platform/errors';
import { emitEvent } from '../../platform/events/outbox';
import { enqueueJob } from '../../platform/queue/payloads';
import { isUuid } from '../../shared/ids';
import { canManage, type Viewer } from '../../videos/policy';
import { transitionVideo } from '../../videos/lifecycle';
import { findVideo } from '../../videos/repo';

export interface UploadRegistration {
  uploadId: string;
  /** The caller; the session must be theirs (or they are an admin). */
  caller: Viewer;
  storageKey: string;
  metadata: Record<string, string | null | undefined>;
  /** Undefined while the length is deferred. */
  size: number | undefined;
}

/**
 * Called by the tus server before it stores anything: the upload must name a live recording
 * session that has no upload yet, and must not be empty.
 */
export async function registerUpload(db: Db, reg: UploadRegistration): Promise<{ videoId: VideoId }> {
  if (!reg.caller.userId) throw new WeftError('unauthorized', 'Log in to upload.');
  const sessionId = reg.metadata.sessionId ?? undefined;
  if (!sessionId) {
    throw new WeftError('missing_session', 'Upload-Metadata must carry the sessionId of a recording session.');
  }
  if (reg.size === 0) throw new WeftError('empty_upload', 'The upload is empty (Upload-Length: 0).');
  if (!isUuid(sessionId)) throw new WeftError('session_not_found', 'No recording session with this sessionId.');
  const live = reg.size === undefined;
  const result = await db.transaction(async (tx) => {
    const [session] = await tx
      .select()
      .from(recordingSessions)
      .where(eq(recordingSessions.id, sessionId))
      .for('update');
    if (!session || !canManage(session, reg.caller)) {
      throw new WeftError('session_not_found', 'No recording session with this sessionId.');
    }
    if (session.status === 'cancelled') {
      throw new WeftError('invalid_transition', 'This recording was cancelled; it takes no upload.');
    }
    // an import takes one upload of the size it declared, never one of deferred length
    if (session.mode === 'import' && reg.size !== session.importSize) {
      throw new WeftError('size_mismatch', `This import expects an upload of exactly ${session.importSize} bytes (Upload-Length).`);
    }
    const [existing] = await tx.select({ id: uploads.id }).from(uploads).where(eq(uploads.sessionId, sessionId));
    if (existing) throw new WeftError('upload_exists', 'This recording session already has an upload.');
    await tx.insert(uploads).values({
      id: reg.uploadId,
      sessionId,
      videoId: session.videoId,
      filename: reg.metadata.filename ?? null,
      filetype: reg.metadata.filetype ?? null,
      size: reg.size ?? null,
      storageKey: reg.storageKey,
      ingestStatus: live ? 'pending' : null,
    });
    // A recording uploaded while it runs (length deferred) is turned into HLS as its bytes arrive.
    if (live) {
      await enqueueJob(tx, 'ingest-live', { uploadId: reg.uploadId, videoId: session.videoId }, { dedupeKey: `ingest-live:${reg.uploadId}`, videoId: session.videoId });
    }
    return { videoId: session.videoId };
  });
  return result;
}

/**
 * Called when the last byte has arrived: marks the upload complete and emits raw_video_uploaded
 * (same transaction). An empty upload fails the video with a clear reason instead.
 */
export async function completeUpload(db: Db, uploadId: string, size: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [upload] = await tx.select().from(uploads).where(eq(uploads.id, uploadId)).for('update');
    if (!upload) throw new WeftError('not_found', 'Unknown upload.');
    if (upload.status === 'complete') return;
    const now = new Date();
    await tx.update(uploads).set({ status: 'complete', size, completedAt: now, updatedAt: now }).where(eq(uploads.id, uploadId));
    if (size === 0) {
      await transitionVideo(tx, upload.videoId, 'failed', 'uploads', {
        errorCode: 'empty_upload',
        errorMessage: 'The recording was empty: no bytes were uploaded.',
        updatedAt: now,
      });
      return;
    }
    await transitionVideo(tx, upload.videoId, 'processing', 'uploads', { processingStage: 'queued', processingProgress: 0, updatedAt: now });
    await emitEvent(tx, {
      type: 'raw_video_uploaded',
      videoId: upload.videoId,
      cause: uploadId,
      payload: { uploadId, sessionId: upload.sessionId, storageKey: upload.storageKey, size, filetype: upload.filetype },
    });
  });
}

export async function markUploadTerminated(db: Db, uploadId: string): Promise<void> {
  await db.update(uploads).set({ status: 'terminated', updatedAt: new Date() }).where(eq(uploads.id, uploadId));
}

export async function findUploadBySession(db: Db, sessionId: string) {
  const [row] = await db.select().from(uploads).where(eq(uploads.sessionId, sessionId));
  return row ?? null;
}

/** tus requests on an existing upload (HEAD, PATCH, DELETE, GET) are for its owner (or an admin) only. */
export async function assertUploadAccess(db: Db, uploadId: string, caller: Viewer): Promise<void> {
  if (!caller.userId) throw new WeftError('unauthorized', 'Log in to upload.');
  const [row] = await db
    .select({ ownerId: recordingSessions.ownerId })
    .from(uploads)
    .innerJoin(recordingSessions, eq(recordingSessions.id, uploads.sessionId))
    .where(eq(uploads.id, uploadId));
  if (!row || !canManage(row, caller)) throw new WeftError('not_found', 'No such upload.');
}

/**
 * The watchdog, some minutes after a recording stopped: if its upload never finished, the video
 * fails with a reason its owner can act on.
 */
export async function failUnfinishedUpload(db: Db, videoId: VideoId, sessionId: string): Promise<boolean> {
  const video = await findVideo(db, videoId);
  if (!video || video.status !== 'uploading') return false;
  const upload = await findUploadBySession(db, sessionId);
  if (upload?.status === 'complete') return false;
  return (
    (await transitionVideo(db, videoId, 'failed', 'housekeeping', {
      errorCode: 'upload_incomplete',
      errorMessage: 'The recording stopped but its upload never finished. Open the recorder on the same computer to resume it.',
    })) !== null
  );
}

/** The upload a processing job works from: complete, of this video; null otherwise. */
export async function findCompleteUpload(db: Db, uploadId: string, videoId: VideoId) {
  const [row] = await db
    .select()
    .from(uploads)
    .where(and(eq(uploads.id, uploadId), eq(uploads.videoId, videoId)));
  return row && row.status === 'complete' ? row : null;
}

export async function findUpload(db: Db, uploadId: string) {
  const [row] = await db.select().from(uploads).where(eq(uploads.id, uploadId));
  return row ?? null;
}

export type UploadRow = typeof uploads.$inferSelect;

/** All uploads of a video (their bytes go when it is purged). */
/** The pipeline stops waiting for a live ingest that has not finished. */
export async function skipPendingIngest(db: Db, uploadId: string, reason: string): Promise<void> {
  await db
    .update(uploads)
    .set({ ingestStatus: 'skipped', ingestError: reason, updatedAt: new Date() })
    .where(and(eq(uploads.id, uploadId), inArray(uploads.ingestStatus, ['pending', 'running'])));
}

/** A recording uploaded while it runs, that the live ingest may still follow. */
export async function isLiveUpload(db: Db, uploadId: string): Promise<boolean> {
  const [row] = await db.select({ ingest: uploads.ingestStatus }).from(uploads).where(eq(uploads.id, uploadId));
  return row?.ingest === 'pending' || row?.ingest === 'running';
}

/** Where a live upload stands, for the ingest that follows it: still growing, complete at a size, or gone. */
export async function liveUploadState(
  db: Db,
  uploadId: string,
): Promise<{ kind: 'growing' } | { kind: 'complete'; size: number } | { kind: 'gone'; reason: string }> {
  const [row] = await db
    .select({ status: uploads.status, size: uploads.size, ingest: uploads.ingestStatus, deletedAt: videos.deletedAt })
    .from(uploads)
    .innerJoin(videos, eq(videos.id, uploads.videoId))
    .where(eq(uploads.id, uploadId));
  if (!row || row.deletedAt) return { kind: 'gone', reason: 'the video was deleted' };
  if (row.status === 'terminated') return { kind: 'gone', reason: 'the upload was cancelled' };
  if (row.ingest !== 'running') return { kind: 'gone', reason: 'the pipeline stopped waiting for the live ingest' };
  if (row.status === 'complete') return { kind: 'complete', size: row.size ?? 0 };
  return { kind: 'growing' };
}
