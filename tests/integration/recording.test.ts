import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { events, recordingSessions, uploads, videos } from '@/lib/platform/db/schema';
import { WeftError } from '@/lib/platform/errors';
import { emitEvent } from '@/lib/platform/events/outbox';
import { controlRecording, createRecording } from '@/lib/record/session/service';
import { completeUpload, registerUpload } from '@/lib/record/uploads/service';
import { jobsOfVideo } from '../helpers/jobs';
import { describeOnBothDatabases } from '../helpers/backends';
import { makeUser } from '../helpers/users';

async function expectCode(p: Promise<unknown>, code: string, status: number) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WeftError);
  expect((err as WeftError).code).toBe(code);
  expect((err as WeftError).status).toBe(status);
}

describeOnBothDatabases('recording sessions and the outbox', (get) => {
  let cached: Awaited<ReturnType<typeof makeUser>> | undefined;
  const owner = async () => (cached ??= await makeUser(get().db, 'Owner'));

  it('creates a video and a session; start/pause/resume/stop follows the state machine', async () => {
    const { db } = get();
    const rec = await createRecording(db, (await owner()).userId, { title: 'Demo', mode: 'screen', mimeType: 'video/mp4' });
    expect(rec.status).toBe('preparing');
    const [video] = await db.select().from(videos).where(eq(videos.id, rec.videoId));
    expect(video).toMatchObject({ title: 'Demo', status: 'uploading' });

    await expectCode(controlRecording(db, await owner(), rec.sessionId, 'stop'), 'invalid_transition', 409);
    expect((await controlRecording(db, await owner(), rec.sessionId, 'start')).status).toBe('recording');
    expect((await controlRecording(db, await owner(), rec.sessionId, 'pause')).status).toBe('paused');
    await new Promise((r) => setTimeout(r, 60));
    expect((await controlRecording(db, await owner(), rec.sessionId, 'resume')).status).toBe('recording');
    expect((await controlRecording(db, await owner(), rec.sessionId, 'stop')).status).toBe('stopped');
    await expectCode(controlRecording(db, await owner(), rec.sessionId, 'stop'), 'invalid_transition', 409);
    await expectCode(controlRecording(db, await owner(), rec.sessionId, 'resume'), 'invalid_transition', 409);

    const [session] = await db.select().from(recordingSessions).where(eq(recordingSessions.id, rec.sessionId));
    expect(session!.pausedMs).toBeGreaterThanOrEqual(50);
    const evs = await db.select().from(events).where(eq(events.videoId, rec.videoId));
    expect(evs.map((e) => e.type)).toEqual(['recording_completed']);
    const jobs = await jobsOfVideo(db, rec.videoId);
    expect(jobs.map((j) => j.kind)).toEqual(['watch-upload']);
  });

  it('refuses control of another member\'s session as if it did not exist', async () => {
    const { db } = get();
    await owner(); // the first account is the admin
    const rec = await createRecording(db, (await owner()).userId, {});
    const stranger = await makeUser(db, 'Stranger');
    expect(stranger.role).toBe('member');
    await expectCode(controlRecording(db, stranger, rec.sessionId, 'start'), 'session_not_found', 404);
    await expectCode(
      registerUpload(db, { caller: stranger, uploadId: 'u-foreign', storageKey: 'uploads/u-foreign', metadata: { sessionId: rec.sessionId }, size: 10 }),
      'session_not_found',
      404,
    );
    await expectCode(
      registerUpload(db, { caller: { userId: null, role: null, workspaces: {} }, uploadId: 'u-anon', storageKey: 'uploads/u-anon', metadata: { sessionId: rec.sessionId }, size: 10 }),
      'unauthorized',
      401,
    );
  });

  it('refuses control of an unknown session', async () => {
    await expectCode(controlRecording(get().db, await owner(), '00000000-0000-4000-8000-000000000000', 'start'), 'session_not_found', 404);
  });

  it('cancel hides the video and queues the purge of its bytes', async () => {
    const { db } = get();
    const rec = await createRecording(db, (await owner()).userId, {});
    await controlRecording(db, await owner(), rec.sessionId, 'start');
    expect((await controlRecording(db, await owner(), rec.sessionId, 'cancel')).status).toBe('cancelled');
    const [video] = await db.select().from(videos).where(eq(videos.id, rec.videoId));
    expect(video!.deletedAt).not.toBeNull();
    const jobs = await jobsOfVideo(db, rec.videoId);
    expect(jobs.map((j) => j.kind)).toEqual(['purge-video']);
  });

  it('writes an event and its jobs in the caller transaction: a rollback leaves neither', async () => {
    const { db } = get();
    const rec = await createRecording(db, (await owner()).userId, {});
    await db
      .transaction(async (tx) => {
        await emitEvent(tx, { type: 'video_processed', videoId: rec.videoId, cause: 'rollback-test' });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await db.select().from(events).where(eq(events.videoId, rec.videoId))).toHaveLength(0);
    expect(await jobsOfVideo(db, rec.videoId)).toHaveLength(0);
  });

  it('validates uploads before any byte is stored and emits raw_video_uploaded once', async () => {
    const { db } = get();
    const caller = await owner();
    const reg = (uploadId: string, metadata: Record<string, string>, size?: number) =>
      registerUpload(db, { caller, uploadId, storageKey: `uploads/${uploadId}`, metadata, size });
    await expectCode(reg('u-none', {}), 'missing_session', 400);
    await expectCode(reg('u-unknown', { sessionId: '00000000-0000-4000-8000-000000000000' }), 'session_not_found', 404);
    await expectCode(reg('u-garbage', { sessionId: 'not-a-uuid' }), 'session_not_found', 404);

    const rec = await createRecording(db, (await owner()).userId, {});
    await expectCode(reg('u-empty', { sessionId: rec.sessionId }, 0), 'empty_upload', 400);
    await reg('u-ok', { sessionId: rec.sessionId, filename: 'r.mp4', filetype: 'video/mp4' });
    await expectCode(reg('u-second', { sessionId: rec.sessionId }), 'upload_exists', 409);
    expect(await db.select().from(uploads).where(eq(uploads.sessionId, rec.sessionId))).toHaveLength(1);

    await completeUpload(db, 'u-ok', 1234);
    await completeUpload(db, 'u-ok', 1234); // a repeated finish is harmless
    const evs = await db.select().from(events).where(eq(events.videoId, rec.videoId));
    expect(evs.map((e) => e.type)).toEqual(['raw_video_uploaded']);
    const jobs = await jobsOfVideo(db, rec.videoId);
    expect(jobs.map((j) => j.kind).sort()).toEqual(['ingest-live', 'process-video']); // a deferred-length upload is ingested live
    const [video] = await db.select().from(videos).where(eq(videos.id, rec.videoId));
    expect(video!.status).toBe('processing');
  });

  it('a cancelled recording takes no upload', async () => {
    const { db } = get();
    const rec = await createRecording(db, (await owner()).userId, {});
    await controlRecording(db, await owner(), rec.sessionId, 'cancel');
    await expectCode(
      registerUpload(db, { caller: await owner(), uploadId: 'u-cancelled', storageKey: 'uploads/u-cancelled', metadata: { sessionId: rec.sessionId }, size: 10 }),
      'invalid_transition',
      409,
    );
  });
});
