import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { authenticate, createSession, logIn, SESSION_TTL_MS } from '@/lib/platform/accounts/service';
import { ManualClock } from '@/lib/platform/clock';
import { events, videos } from '@/lib/platform/db/schema';
import { WeftError } from '@/lib/platform/errors';
import { pruneDeliveredEvents } from '@/lib/platform/events/outbox';
import { hashPassword } from '@/lib/platform/accounts/password';
import { checkVideoPassword } from '@/lib/library/sharing';
import { createRecording } from '@/lib/record/session/service';
import { findVideo } from '@/lib/videos/repo';
import { describeOnBothDatabases } from '../helpers/backends';
import { makeUser } from '../helpers/users';

/**
 * Where time decides — throttle windows, session expiry, retention — it is the injected clock's
 * time: these move it instead of sleeping past the instant.
 */
const code = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof WeftError ? e.code : String(e)),
  );
const MINUTE = 60_000;

describeOnBothDatabases('time from the clock', (get) => {
  it('a log-in throttle holds for its window and lets go when the window has passed', async () => {
    const { db } = get();
    const clock = new ManualClock();
    const user = await makeUser(db, 'Locked');
    for (let i = 0; i < 5; i++) expect(await code(logIn(db, { email: user.email, password: 'wrong password' }, '192.0.2.1', clock))).toBe('invalid_credentials');
    expect(await code(logIn(db, { email: user.email, password: 'correct horse battery' }, '192.0.2.1', clock))).toBe('too_many_attempts');
    clock.advance(14 * MINUTE);
    expect(await code(logIn(db, { email: user.email, password: 'correct horse battery' }, '192.0.2.1', clock))).toBe('too_many_attempts');
    clock.advance(MINUTE + 1000); // the window (15 min) has passed
    expect(await code(logIn(db, { email: user.email, password: 'correct horse battery' }, '192.0.2.1', clock))).toBe('ok');
  });

  it('a viewing-password throttle lets the guesser try again once its window has passed', async () => {
    const { db } = get();
    const clock = new ManualClock();
    const owner = await makeUser(db, 'Owner');
    const { videoId } = await createRecording(db, owner.userId, { title: 'Locked', mode: 'screen' });
    await db.update(videos).set({ passwordHash: await hashPassword('right one'), visibility: 'link' }).where(eq(videos.id, videoId));
    const video = (await findVideo(db, videoId))!;
    const who = { ip: '198.51.100.9', userId: null };
    for (let i = 0; i < 5; i++) expect(await code(checkVideoPassword(db, video, `guess ${i}`, who, clock))).toBe('wrong_password');
    expect(await code(checkVideoPassword(db, video, 'right one', who, clock))).toBe('too_many_attempts');
    clock.advance(60 * MINUTE);
    expect(await code(checkVideoPassword(db, video, 'right one', who, clock))).toBe('ok');
  });

  it('a session ends at its expiry', async () => {
    const { db } = get();
    const clock = new ManualClock();
    const user = await makeUser(db, 'Session');
    const { token, expiresAt } = await createSession(db, user.userId, clock);
    expect(expiresAt.getTime()).toBe(clock.now() + SESSION_TTL_MS);
    expect((await authenticate(db, { sessionToken: token }, clock))?.userId).toBe(user.userId);
    clock.advance(SESSION_TTL_MS - 1000);
    expect((await authenticate(db, { sessionToken: token }, clock))?.userId).toBe(user.userId);
    clock.advance(2000);
    expect(await authenticate(db, { sessionToken: token }, clock)).toBeNull();
  });

  it('delivered events are kept for the retention period, then pruned', async () => {
    const { db } = get();
    const clock = new ManualClock();
    const [ev] = await db.insert(events).values({ type: 'video_processed', dedupeKey: `clock:${clock.now()}`, createdAt: new Date(clock.now()) }).returning();
    clock.advance(13 * 24 * 60 * MINUTE);
    await pruneDeliveredEvents(db, 14, clock);
    expect(await db.select().from(events).where(eq(events.id, ev!.id))).toHaveLength(1);
    clock.advance(2 * 24 * 60 * MINUTE);
    await pruneDeliveredEvents(db, 14, clock);
    expect(await db.select().from(events).where(eq(events.id, ev!.id))).toHaveLength(0);
  });
});
