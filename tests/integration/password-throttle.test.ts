import { expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { hashPassword } from '@/lib/platform/accounts/password';
import { videos } from '@/lib/platform/db/schema';
import { WeftError } from '@/lib/platform/errors';
import { throttleAddress } from '@/lib/platform/net/address';
import { createRecording } from '@/lib/record/session/service';
import { findVideo } from '@/lib/videos/repo';
import { checkVideoPassword } from '@/lib/library/sharing';
import { canSeeViewerEmails } from '@/lib/videos/policy';
import { describeOnBothDatabases } from '../helpers/backends';
import { makeUser } from '../helpers/users';

/**
 * Viewing passwords: guessing is throttled per address (an IPv6 client by its /64) and per
 * account, never for everyone — the rightful viewer with the right password from another address
 * is never refused because others guessed.
 */
const code = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof WeftError ? e.code : String(e)),
  );

describeOnBothDatabases('viewing-password throttles', (get) => {
  async function protectedVideo() {
    const { db } = get();
    const owner = await makeUser(db, 'Owner');
    const { videoId } = await createRecording(db, owner.userId, { title: 'Locked', mode: 'screen' });
    await db.update(videos).set({ passwordHash: await hashPassword('right one'), visibility: 'link' }).where(eq(videos.id, videoId));
    return (await findVideo(db, videoId))!;
  }

  it('60 wrong passwords from 10 addresses: each of those is held at 5, and the right password from an eleventh answers at once', async () => {
    const { db } = get();
    const video = await protectedVideo();
    const outcomes: Record<string, number> = {};
    for (let a = 1; a <= 10; a++) {
      for (let i = 0; i < 6; i++) {
        const c = await code(checkVideoPassword(db, video, `guess ${i}`, { ip: `198.51.100.${a}`, userId: null }));
        outcomes[c] = (outcomes[c] ?? 0) + 1;
      }
    }
    expect(outcomes).toEqual({ wrong_password: 50, too_many_attempts: 10 });
    // a guessing address is held even with the right password…
    expect(await code(checkVideoPassword(db, video, 'right one', { ip: '198.51.100.1', userId: null }))).toBe('too_many_attempts');
    // …and a fresh one is not
    expect(await code(checkVideoPassword(db, video, 'right one', { ip: '203.0.113.77', userId: null }))).toBe('ok');
  });

  it.each([
    ['an IPv6 client rotating through its own /64 is one address', (i: number) => `2001:db8:aa:bb::${i + 1}`, 'too_many_attempts'],
    ['other /64s are other addresses', (i: number) => `2001:db8:aa:${(i + 1).toString(16)}::1`, 'wrong_password'],
  ])('%s', async (_label, addressOf, sixth) => {
    const { db } = get();
    const video = await protectedVideo();
    for (let i = 0; i < 5; i++) expect(await code(checkVideoPassword(db, video, 'nope', { ip: throttleAddress(addressOf(i)), userId: null }))).toBe('wrong_password');
    expect(await code(checkVideoPassword(db, video, 'nope', { ip: throttleAddress(addressOf(5)), userId: null }))).toBe(sixth);
  });

  it('a signed-in guesser is held per account across addresses; another account is not', async () => {
    const { db } = get();
    const video = await protectedVideo();
    const guesser = await makeUser(db, 'Guesser');
    const other = await makeUser(db, 'Other');
    for (let i = 0; i < 5; i++) await code(checkVideoPassword(db, video, 'nope', { ip: `192.0.2.${i + 1}`, userId: guesser.userId }));
    expect(await code(checkVideoPassword(db, video, 'right one', { ip: '192.0.2.200', userId: guesser.userId }))).toBe('too_many_attempts');
    expect(await code(checkVideoPassword(db, video, 'right one', { ip: '192.0.2.201', userId: other.userId }))).toBe('ok');
  });

  it('who reads viewers’ e-mail addresses: administrators only', () => {
    expect(canSeeViewerEmails({ userId: 'a', role: 'admin', workspaces: {} })).toBe(true);
    expect(canSeeViewerEmails({ userId: 'a', role: 'member', workspaces: {} })).toBe(false);
    expect(canSeeViewerEmails({ userId: null, role: null, workspaces: {} })).toBe(false);
  });
});
