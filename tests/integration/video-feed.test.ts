import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { videos } from '@/lib/platform/db/schema';
import { createRecording } from '@/lib/record/session/service';
import { VideoFeed } from '@/lib/watch/video-feed';
import type { VideoRow } from '@/lib/videos/repo';
import { describeOnBothDatabases } from '../helpers/backends';
import { makeUser } from '../helpers/users';
import { pollUntil } from '../helpers/poll';

describeOnBothDatabases('the video feed behind the event streams', (get) => {
  it('a change right after a page subscribed reaches it (before the feed ever polled), and states only move forward', async () => {
    const { db } = get();
    const owner = await makeUser(db, 'Feed');
    const rec = await createRecording(db, owner.userId, { title: 'Feed' });
    const feed = new VideoFeed(db, 150);
    const got: VideoRow[] = [];
    const stop = feed.subscribe([rec.videoId], (row) => got.push(row));
    try {
      await pollUntil(async () => got.length, (n) => n > 0, { timeout: 5000, interval: 5, what: 'no first state' });
    // the processing failed a moment after the page opened: before the feed's first poll
    await db.update(videos).set({ status: 'failed', errorMessage: 'not a video', updatedAt: new Date(Date.now() + 5) }).where(eq(videos.id, rec.videoId));
    await pollUntil(async () => got.at(-1)?.status, (s) => s === 'failed', { timeout: 5000, interval: 20, what: `the change never arrived: ${got.map((r) => r.status).join(' → ')}` });
    await new Promise((r) => setTimeout(r, 400));
    expect(got.map((r) => r.status)).toEqual(['uploading', 'failed']);
    const stamps = got.map((r) => r.updatedAt.getTime());
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    } finally {
      stop();
    }
  });
});
