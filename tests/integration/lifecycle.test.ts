import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { ManualClock } from '@/lib/platform/clock';
import { videos, type VideoStatus } from '@/lib/platform/db/schema';
import { createRecording } from '@/lib/record/session/service';
import { transitionVideo } from '@/lib/videos/lifecycle';
import { markVideoFailed } from '@/lib/videos/repo';
import { accessVideo, createShareLink, revokeShareLink, shareTokenState } from '@/lib/library/sharing';
import { ANONYMOUS } from '@/lib/videos/policy';
import { describeOnBothDatabases } from '../helpers/backends';
import { makeUser } from '../helpers/users';
import type { VideoId } from '@/lib/shared/api/enums';

describeOnBothDatabases('the video lifecycle and share-link time', (get) => {
  const setStatus = (id: VideoId, status: VideoStatus) => get().db.update(videos).set({ status }).where(eq(videos.id, id));
  const statusOf = async (id: VideoId) => (await get().db.select({ s: videos.status }).from(videos).where(eq(videos.id, id)))[0]?.s;

  it('a status change happens only where the table allows it, for the actor it names', async () => {
    const { db } = get();
    const owner = await makeUser(db, 'Owner');
    const { videoId } = await createRecording(db, owner.userId, { title: 'Life', mode: 'screen' });
    expect(await statusOf(videoId)).toBe('uploading');
    // the pipeline cannot declare an upload finished
    expect(await transitionVideo(db, videoId, 'processing', 'pipeline')).toBeNull();
    expect(await statusOf(videoId)).toBe('uploading');
    expect((await transitionVideo(db, videoId, 'processing', 'uploads', { processingStage: 'queued' }))?.status).toBe('processing');
    expect((await transitionVideo(db, videoId, 'playable', 'pipeline'))?.status).toBe('playable');
    // a playing video is not failed by a late error: the owner sees the problem, viewers keep watching
    expect(await markVideoFailed(db, videoId, 'job_failed', 'boom')).toBe(false);
    expect(await statusOf(videoId)).toBe('playable');
    expect((await transitionVideo(db, videoId, 'ready', 'pipeline'))?.status).toBe('ready');
    // nothing moves a ready video back to uploading or processing, or to failed
    expect(await transitionVideo(db, videoId, 'processing', 'uploads')).toBeNull();
    expect(await transitionVideo(db, videoId, 'failed', 'housekeeping')).toBeNull();
    expect(await statusOf(videoId)).toBe('ready');
    // a deleted video changes no more
    await db.update(videos).set({ deletedAt: new Date() }).where(eq(videos.id, videoId));
    await setStatus(videoId, 'playable');
    expect(await transitionVideo(db, videoId, 'ready', 'pipeline')).toBeNull();
  });

  it('a share link expires exactly at its time (a manual clock, no waiting), and a revoked one is refused', async () => {
    const { db } = get();
    const owner = await makeUser(db, 'Sharer');
    const { videoId } = await createRecording(db, owner.userId, { title: 'Shared', mode: 'screen' });
    await db.update(videos).set({ visibility: 'private' }).where(eq(videos.id, videoId)); // only a link opens it
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    const link = await createShareLink(db, videoId, owner, 60, 'test-key', clock);
    expect(await shareTokenState(db, videoId, link.token, clock)).toBe('valid');
    clock.advance(59_999);
    expect(await shareTokenState(db, videoId, link.token, clock)).toBe('valid');
    const open = await accessVideo(db, videoId, { viewer: ANONYMOUS, shareToken: link.token, passwordUnlocked: () => false, clock });
    expect(open.decision.allow).toBe(true);
    clock.advance(1);
    expect(await shareTokenState(db, videoId, link.token, clock)).toBe('expired');
    const closed = await accessVideo(db, videoId, { viewer: ANONYMOUS, shareToken: link.token, passwordUnlocked: () => false, clock });
    expect(closed.decision).toMatchObject({ allow: false, code: 'share_link_expired' });
    expect(await shareTokenState(db, videoId, 'not-a-token', clock)).toBe('unknown');
    const other = await createShareLink(db, videoId, owner, 3600, 'test-key', clock);
    await revokeShareLink(db, videoId, owner, other.token);
    expect(await shareTokenState(db, videoId, other.token, clock)).toBe('revoked');
  });
});
