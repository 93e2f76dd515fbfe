import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { users } from '@/lib/platform/db/schema';
import { ManualClock } from '@/lib/platform/clock';
import { membershipsOf } from '@/lib/platform/accounts/service';
import { confirmPasswordReset, requestPasswordReset, resetLinkValid } from '@/lib/platform/accounts/lifecycle';
import { acceptInvite, createInvite, findInvite, INVITE_TTL_MS } from '@/lib/library/teams';
import { describeOnBothDatabases } from '../helpers/backends';
import { makeUser } from '../helpers/users';

const KEY = 'a-signing-key-for-the-tests-0123456789';
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

/** Time-bound rules of the team layer, with a clock the test moves: invites (7 days) and reset links (1 hour). */
describeOnBothDatabases('invites and reset links in time', (get) => {
  it('an invite works until it expires, and once: two accepts at the same moment make one membership', async () => {
    const { db } = get();
    const clock = new ManualClock(Date.parse('2026-12-07T09:00:00Z'));
    const admin = await makeUser(db, 'Admin');
    const ws = Object.keys(admin.workspaces)[0]!;
    const late = await createInvite(db, admin, ws, { email: 'late@example.com', role: 'member' }, KEY, clock);
    clock.advance(INVITE_TTL_MS - 1000);
    expect((await findInvite(db, late.token, clock)).invite.email).toBe('late@example.com');
    clock.advance(1000);
    expect(await code(findInvite(db, late.token, clock))).toBe('invite_expired');
    expect(await code(acceptInvite(db, late.token, { kind: 'new_account', name: 'Late', password: 'correct horse battery' }, clock))).toBe('invite_expired');

    const once = await createInvite(db, admin, ws, { email: 'twice@example.com', role: 'viewer' }, KEY, clock);
    const results = await Promise.all([
      code(acceptInvite(db, once.token, { kind: 'new_account', name: 'One', password: 'correct horse battery' }, clock)),
      code(acceptInvite(db, once.token, { kind: 'new_account', name: 'Two', password: 'correct horse battery' }, clock)),
    ]);
    expect(results.sort()).toEqual(expect.arrayContaining(['ok']));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    const rows = await db.select().from(users).where(eq(users.email, 'twice@example.com'));
    expect(rows).toHaveLength(1);
    expect(await membershipsOf(db, rows[0]!.id)).toEqual({ [ws]: 'viewer' });
  });

  it('a reset link works for an hour and once; an unknown address gets none', async () => {
    const { db } = get();
    const clock = new ManualClock(Date.parse('2026-12-07T09:00:00Z'));
    const ana = await makeUser(db, 'Ana');
    expect(await requestPasswordReset(db, 'nobody@example.com', '192.0.2.1', clock)).toBeNull();
    const first = (await requestPasswordReset(db, ana.email, '192.0.2.1', clock))!;
    clock.advance(3600_000);
    expect(await resetLinkValid(db, first.token, clock)).toBe(false);
    expect(await code(confirmPasswordReset(db, first.token, 'a new password here', clock))).toBe('reset_link_invalid');
    const second = (await requestPasswordReset(db, ana.email, '192.0.2.1', clock))!;
    clock.advance(3599_000);
    expect(await code(confirmPasswordReset(db, second.token, 'a new password here', clock))).toBe('ok');
    expect(await code(confirmPasswordReset(db, second.token, 'yet another one', clock))).toBe('reset_link_invalid');
  });
});
