import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { authSessions, passwordResets, users, videoPeople, videos, workspaceMembers } from '../db/schema';
import { WeftError } from '../errors';
import { systemClock, type Clock } from '../clock';
import { hashPassword, verifyPassword } from './password';
import { assertNotThrottled, clearFailures, recordFailure, takeThrottled, type ThrottleRule } from './throttle';
import { hashSecret, newSecret } from './tokens';

/**
 * An account's life after sign-up: forgotten and changed passwords, and administrators disabling
 * an account. Whatever a change of credentials ends, it ends at once: sessions are deleted, a
 * disabled account's tokens stop authenticating, and media URLs it was handed stop (access epochs).
 */

export const RESET_TTL_MS = 3600_000;

const resetRules = (email: string, address: string): ThrottleRule[] => [
  { key: `reset:email:${email}`, limit: 3, windowMs: 3600_000, code: 'too_many_attempts', message: 'Too many reset e-mails asked for this address.' },
  { key: `reset:ip:${address}`, limit: 10, windowMs: 3600_000, code: 'too_many_attempts', message: 'Too many reset e-mails asked from your network address.' },
];

/**
 * A reset link for an address: the secret (for the e-mail) and the account's name, or null when no
 * active account has that address — the caller answers the same either way and sends nothing then.
 * Every request counts (per address and per client), so the endpoint cannot be used to flood an inbox.
 */
export async function requestPasswordReset(db: Db, email: string, address: string, clock: Clock = systemClock): Promise<{ token: string; name: string; email: string } | null> {
  return db.transaction(async (tx) => {
    await takeThrottled(tx, resetRules(email, address), clock);
    const [user] = await tx.select().from(users).where(eq(users.email, email));
    if (!user || user.disabledAt) return null;
    const token = newSecret();
    await tx.insert(passwordResets).values({ tokenHash: hashSecret(token), userId: user.id, expiresAt: new Date(clock.now() + RESET_TTL_MS) });
    return { token, name: user.name, email: user.email };
  });
}

/** Whether a reset link is still good (for the page: it says so before the person types a password). */
export async function resetLinkValid(db: Db, token: string, clock: Clock = systemClock): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const [row] = await db
    .select({ id: passwordResets.tokenHash })
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, hashSecret(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date(clock.now()))));
  return row !== undefined;
}

/**
 * Sets a new password from a reset link: the link works once and for an hour; every session of the
 * account ends (the caller starts a new one for this browser), and the account's other open links die.
 */
export async function confirmPasswordReset(db: Db, token: string, password: string, clock: Clock = systemClock): Promise<string> {
  const invalid = () => new WeftError('reset_link_invalid', 'This reset link is not valid any more (used, or older than an hour). Ask for a new one.');
  if (!token || token.length > 200) throw invalid();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(passwordResets)
      .set({ usedAt: new Date(clock.now()) })
      .where(and(eq(passwordResets.tokenHash, hashSecret(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date(clock.now()))))
      .returning({ userId: passwordResets.userId });
    if (!row) throw invalid();
    const [user] = await tx.select().from(users).where(eq(users.id, row.userId));
    if (!user || user.disabledAt) throw invalid();
    // the link came to this address: it is proven
    await tx.update(users).set({ passwordHash, emailVerified: true }).where(eq(users.id, row.userId));
    await tx.delete(authSessions).where(eq(authSessions.userId, row.userId));
    await tx.update(passwordResets).set({ usedAt: new Date(clock.now()) }).where(and(eq(passwordResets.userId, row.userId), isNull(passwordResets.usedAt)));
    await clearFailures(tx, `login:email:${user.email}`);
    return row.userId;
  });
}

/** Changes the password of a signed-in account (the current one required, throttled like log-in); its other sessions end. */
export async function changePassword(
  db: Db,
  userId: string,
  input: { currentPassword: string; password: string },
  keepSessionHash: string | null,
  address: string,
  clock: Clock = systemClock,
): Promise<void> {
  const rules: ThrottleRule[] = [{ key: `password-change:${userId}`, limit: 5, windowMs: 15 * 60_000, message: 'Too many wrong passwords.' }, { key: `login:ip:${address}`, limit: 30, windowMs: 15 * 60_000 }];
  await assertNotThrottled(db, rules, clock);
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new WeftError('unauthorized', 'Log in first.');
  if (user.passwordHash && !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await recordFailure(db, rules.map((r) => r.key), clock);
    throw new WeftError('invalid_credentials', 'Your current password is not right.');
  }
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx.delete(authSessions).where(keepSessionHash ? and(eq(authSessions.userId, userId), ne(authSessions.id, keepSessionHash)) : eq(authSessions.userId, userId));
  });
  await clearFailures(db, rules[0]!.key);
}

// ---------- administration ----------

export async function listAccounts(db: Db) {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabledAt: users.disabledAt, createdAt: users.createdAt, sso: sql<boolean>`${users.passwordHash} is null` })
    .from(users)
    .orderBy(asc(users.createdAt))
    .limit(1000);
  return rows.map(({ disabledAt, sso, ...r }) => ({ ...r, disabled: disabledAt !== null, ssoOnly: Boolean(sso) }));
}

/**
 * Disables (or enables again) an account. Disabled: its sessions are deleted, its tokens no longer
 * authenticate, log-in is refused, and the media URLs of videos it could watch through its
 * workspaces or by name stop (their access epochs move); its videos stay with their workspaces.
 */
export async function setAccountDisabled(db: Db, admin: { userId: string; role: string | null }, userId: string, disabled: boolean) {
  if (admin.role !== 'admin') throw new WeftError('forbidden', 'Only administrators manage accounts.');
  if (admin.userId === userId && disabled) throw new WeftError('bad_request', 'You cannot disable your own account.');
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(users)
      .set({ disabledAt: disabled ? new Date() : null })
      .where(eq(users.id, userId))
      .returning({ id: users.id, email: users.email, name: users.name, role: users.role, disabledAt: users.disabledAt });
    if (!u) throw new WeftError('not_found', 'No such account.');
    if (disabled) {
      await tx.delete(authSessions).where(eq(authSessions.userId, userId));
      const theirWorkspaces = tx.select({ id: workspaceMembers.workspaceId }).from(workspaceMembers).where(eq(workspaceMembers.userId, userId));
      const namedOn = tx.select({ id: videoPeople.videoId }).from(videoPeople).where(eq(videoPeople.userId, userId));
      await tx
        .update(videos)
        .set({ accessEpoch: sql`${videos.accessEpoch} + 1` })
        .where(and(isNull(videos.deletedAt), ne(videos.visibility, 'public'), or(inArray(videos.workspaceId, theirWorkspaces), inArray(videos.id, namedOn))));
    }
    return { id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabledAt !== null };
  });
}

/** Whether the account has a password (an account made by single sign-on may not). */
export async function accountHasPassword(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ has: sql<boolean>`${users.passwordHash} is not null` }).from(users).where(eq(users.id, userId));
  return Boolean(row?.has);
}
