import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client';
import { membershipsOf } from '../../platform/accounts/service';
import { isUuid } from '../../shared/ids';
import { folders, recordingSessions, users, videos, workspaces, type RecordingMode, type RecordingStatus } from '../../platform/db/schema';
import type { VideoId } from '../../shared/api/enums';
import { WeftError } from '../../platform/errors';
import { refreshSearchDocument } from '../../videos/search-document';
import { emitEvent } from '../../platform/events/outbox';
import { scheduleVideoPurge } from '../../videos/purge';
import { canManage, canRecord, type Viewer } from '../../videos/policy';
import { allowedActions, nextRecordingStatus, type RecordingAction } from './machine';

export interface NewRecording {
  /** The workspace to record into (default: the owner's current one). */
  workspaceId?: string;
  /** A folder of that workspace to file the video in. */
  folderId?: string | null;
  title?: string;
  autoTitle?: boolean;
  mode?: RecordingMode;
  mimeType?: string;
}

export interface CreatedRecording {
  sessionId: string;
  videoId: VideoId;
  status: RecordingStatus;
}

/** A new video (status `uploading`) of `ownerId` where `recordingTarget` put it, with the workspace's defaults. */
export async function insertVideo(tx: DbOrTx, ownerId: string, target: Awaited<ReturnType<typeof recordingTarget>>, title: { title: string; autoTitle: boolean }): Promise<{ id: VideoId }> {
  const [video] = await tx
    .insert(videos)
    .values({
      ...title,
      status: 'uploading',
      ownerId,
      workspaceId: target.workspaceId,
      folderId: target.folderId,
      visibility: target.visibility,
      commentPolicy: target.commentPolicy,
    })
    .returning({ id: videos.id });
  if (!video) throw new WeftError('internal', 'Could not create the video.');
  return video;
}

/** Creates the video and its live recording session in one transaction. */
export async function createRecording(db: Db, ownerId: string, input: NewRecording): Promise<CreatedRecording> {
  return db.transaction(async (tx) => {
    const target = await recordingTarget(tx, ownerId, input.workspaceId, input.folderId ?? null);
    const video = await insertVideo(tx, ownerId, target, { title: input.title?.trim() || defaultTitle(new Date()), autoTitle: input.autoTitle ?? !input.title?.trim() });
    const [session] = await tx
      .insert(recordingSessions)
      .values({ videoId: video.id, ownerId, mode: input.mode ?? 'screen+camera', mimeType: input.mimeType ?? null })
      .returning({ id: recordingSessions.id, status: recordingSessions.status });
    if (!session) throw new WeftError('internal', 'Could not create the recording session.');
    await refreshSearchDocument(tx, video.id); // findable by its title from the start
    return { sessionId: session.id, videoId: video.id, status: session.status };
  });
}

/**
 * Where a new video goes: the asked (or the owner's current) workspace, which the owner must be
 * allowed to record into (the policy's `canRecord`: admins and members, not viewers), with that
 * workspace's default visibility and comment setting; and a folder of it, if one was asked for.
 */
export async function recordingTarget(tx: DbOrTx, ownerId: string, asked: string | undefined, folderId: string | null) {
  const [owner] = await tx.select({ role: users.role, current: users.currentWorkspaceId }).from(users).where(eq(users.id, ownerId));
  if (!owner) throw new WeftError('unauthorized', 'Log in first.');
  const memberships = await membershipsOf(tx, ownerId);
  const workspaceId = asked ?? (owner.current && memberships[owner.current] ? owner.current : Object.keys(memberships).find((id) => memberships[id] !== 'viewer'));
  if (!workspaceId || !isUuid(workspaceId) || memberships[workspaceId] === undefined) throw new WeftError('workspace_not_found', 'You are not a member of that workspace.');
  if (!canRecord(workspaceId, { userId: ownerId, role: owner.role, workspaces: memberships })) {
    throw new WeftError('forbidden', 'Your role in this workspace is viewer: you can watch and comment, not record. Ask an admin of the workspace.');
  }
  const [ws] = await tx.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!ws) throw new WeftError('workspace_not_found', 'No such workspace.');
  if (folderId !== null) {
    const [folder] = isUuid(folderId) ? await tx.select({ id: folders.id }).from(folders).where(and(eq(folders.id, folderId), eq(folders.workspaceId, workspaceId))) : [];
    if (!folder) throw new WeftError('not_found', 'No such folder in this workspace.');
  }
  return { workspaceId, folderId, visibility: ws.defaultVisibility, commentPolicy: ws.defaultCommentPolicy };
}

/** A title when the client sent none (the recorder sends one in the viewer's locale). */
export function defaultTitle(d: Date): string {
  return `Recording, ${new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d)} UTC`;
}

/**
 * Applies a control action. Illegal transitions are refused with invalid_transition (409); stop
 * emits recording_completed in the same transaction; cancel deletes the video and queues the purge
 * of its bytes.
 */
export async function controlRecording(
  db: Db,
  caller: Viewer,
  sessionId: string,
  action: RecordingAction,
): Promise<{ sessionId: string; status: RecordingStatus; videoId: VideoId }> {
  return db.transaction(async (tx) => {
    const [session] = await tx
      .select()
      .from(recordingSessions)
      .where(eq(recordingSessions.id, sessionId))
      .for('update');
    if (!session || !canManage(session, caller)) throw new WeftError('session_not_found', 'No recording session with this id.');
    const next = nextRecordingStatus(session.status, action);
    if (!next) {
      throw new WeftError('invalid_transition', `Cannot ${action} a recording that is ${session.status}.`, {
        details: { status: session.status, allowed: allowedActions(session.status) },
      });
    }
    const now = new Date();
    const patch: Partial<typeof recordingSessions.$inferInsert> = { status: next, updatedAt: now };
    if (action === 'start') patch.startedAt = now;
    if (action === 'pause') patch.pausedAt = now;
    if ((action === 'resume' || action === 'stop' || action === 'cancel') && session.pausedAt) {
      patch.pausedMs = session.pausedMs + (now.getTime() - session.pausedAt.getTime());
      patch.pausedAt = null;
    }
    if (action === 'stop' || action === 'cancel') patch.stoppedAt = now;
    await tx.update(recordingSessions).set(patch).where(eq(recordingSessions.id, sessionId));

    if (action === 'stop') {
      const recordedMs = session.startedAt
        ? now.getTime() - session.startedAt.getTime() - (patch.pausedMs ?? session.pausedMs)
        : 0;
      await emitEvent(tx, {
        type: 'recording_completed',
        videoId: session.videoId,
        cause: sessionId,
        payload: { sessionId, recordedMs },
        // The watchdog looks after the upload once it has had time to finish.
        delayMs: { 'watch-upload': 10 * 60_000 },
      });
    }
    if (action === 'cancel') {
      await tx.update(videos).set({ deletedAt: now, updatedAt: now }).where(eq(videos.id, session.videoId));
      await scheduleVideoPurge(tx, session.videoId);
    }
    return { sessionId, status: next, videoId: session.videoId };
  });
}
