import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { recordingSessions, videos, type RecordingMode, type RecordingStatus } from '../../platform/db/schema';
import type { VideoId } from '../../shared/api/enums';
import { WeftError } from '../../platform/errors';
import { refreshSearchDocument } from '../../videos/search-document';
import { emitEvent } from '../../platform/events/outbox';
import { scheduleVideoPurge } from '../../videos/purge';
import { canManage, type Viewer } from '../../videos/policy';
import { allowedActions, nextRecordingStatus, type RecordingAction } from './machine';

export interface NewRecording {
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

/** Creates the video and its live recording session in one transaction. */
export async function createRecording(db: Db, ownerId: string, input: NewRecording): Promise<CreatedRecording> {
  return db.transaction(async (tx) => {
    const [video] = await tx
      .insert(videos)
      .values({ title: input.title?.trim() || defaultTitle(new Date()), autoTitle: input.autoTitle ?? !input.title?.trim(), status: 'uploading', ownerId })
      .returning({ id: videos.id });
    if (!video) throw new WeftError('internal', 'Could not create the video.');
    const [session] = await tx
      .insert(recordingSessions)
      .values({ videoId: video.id, ownerId, mode: input.mode ?? 'screen+camera', mimeType: input.mimeType ?? null })
      .returning({ id: recordingSessions.id, status: recordingSessions.status });
    if (!session) throw new WeftError('internal', 'Could not create the recording session.');
    await refreshSearchDocument(tx, video.id); // findable by its title from the start
    return { sessionId: session.id, videoId: video.id, status: session.status };
  });
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
