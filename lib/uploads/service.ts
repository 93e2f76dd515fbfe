import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { recordingSessions, uploads, videos } from '../db/schema';
import { WeftError } from '../errors';
import { emitEvent } from '../events/outbox';
import { enqueue } from '../queue/jobs';
import { signalJobsQueued } from '../queue/signal';
import { isUuid } from '../videos/repo';
import { canManage, type Viewer } from '../videos/policy';

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
export async function registerUpload(db: Db, reg: UploadRegistration): Promise<{ videoId: string }> {
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
      await enqueue(tx, {
        kind: 'ingest-live',
        payload: { uploadId: reg.uploadId, videoId: session.videoId },
        dedupeKey: `ingest-live:${reg.uploadId}`,
        videoId: session.videoId,
      });
    }
    return { videoId: session.videoId };
  });
  if (live) signalJobsQueued();
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
      await tx
        .update(videos)
        .set({ status: 'failed', errorCode: 'empty_upload', errorMessage: 'The recording was empty: no bytes were uploaded.', updatedAt: now })
        .where(eq(videos.id, upload.videoId));
      return;
    }
    await tx
      .update(videos)
      .set({ status: 'processing', processingStage: 'queued', processingProgress: 0, updatedAt: now })
      .where(eq(videos.id, upload.videoId));
    await emitEvent(tx, {
      type: 'raw_video_uploaded',
      videoId: upload.videoId,
      cause: uploadId,
      payload: { uploadId, sessionId: upload.sessionId, storageKey: upload.storageKey, size, filetype: upload.filetype },
    });
  });
  signalJobsQueued();
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
