import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { TokenScope } from '../../shared/api/enums';
import { credentialsBody, signupBody } from '../../shared/api/contract';
import type { Db, DbOrTx } from '../db/client';
import { apiTokens, authSessions, users, workspaceMembers, workspaces, type UserRole } from '../db/schema';
import type { WorkspaceRole } from '../../shared/api/enums';
import { WeftError } from '../errors';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { assertNotThrottled, clearFailures, recordEvent, recordFailure } from './throttle';
import { hashSecret, newSecret } from './tokens';
import { systemClock, type Clock } from '../clock';

export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: UserRole;
  via: 'session' | 'token';
  /** A token's scope (sessions are `full`). */
  scope: TokenScope;
  /** The workspaces the account is a member of, with its role in each. */
  workspaces: Record<string, WorkspaceRole>;
  /** The workspace the account works in now (new recordings go there). */
  currentWorkspaceId: string | null;
}

/** The account's workspaces and its role in each. */
export async function membershipsOf(db: DbOrTx, userId: string): Promise<Record<string, WorkspaceRole>> {
  const rows = await db.select({ id: workspaceMembers.workspaceId, role: workspaceMembers.role }).from(workspaceMembers).where(eq(workspaceMembers.userId, userId));
  return Object.fromEntries(rows.map((r) => [r.id, r.role]));
}

/** A new workspace with `userId` as its admin, made the account's current one. */
export async function createWorkspaceFor(db: DbOrTx, userId: string, name: string): Promise<string> {
  const [ws] = await db.insert(workspaces).values({ name, createdBy: userId }).returning({ id: workspaces.id });
  await db.insert(workspaceMembers).values({ workspaceId: ws!.id, userId, role: 'admin' });
  await db.update(users).set({ currentWorkspaceId: ws!.id }).where(eq(users.id, userId));
  return ws!.id;
}

/** The name of a workspace made for one person. */
export const personalWorkspaceName = (name: string) => `${name.split(/\s+/)[0] || name}’s workspace`;

export const SESSION_TTL_MS = 30 * 24 * 3600_000;
export const API_TOKEN_PREFIX = 'weft_';

/** Log-in and sign-up input (the API contract's schemas). */
export const credentialsSchema = credentialsBody;
export const signupSchema = signupBody;

export const SIGNUP_WINDOW_MS = 3600_000;

/** Accounts created from one client address per hour (0: no limit). */
export const SIGNUP_RULES = (ip: string, perHour: number) => [
  {
    key: `signup:ip:${ip}`,
    limit: perHour,
    windowMs: SIGNUP_WINDOW_MS,
    code: 'too_many_signups' as const,
    message: 'Too many accounts were created from your network address.',
  },
];

export interface SignUpOptions {
  signupOpen: boolean;
  /** What time it is (throttle windows). */
  clock?: Clock;
  /** The client's address and how many accounts it may create per hour (0: no limit). */
  ip: string;
  perAddressPerHour: number;
  /** An account made by accepting an invite joins that workspace instead of getting one of its own. */
  noWorkspace?: boolean;
}

/**
 * The first account becomes the instance's admin; later ones need sign-up to be open. Account
 * creation is throttled per client address; the count lives in the database and is checked under
 * the sign-up lock, so parallel requests and other processes cannot slip past it.
 */
export async function signUp(db: Db, input: z.infer<typeof signupSchema>, opts: SignUpOptions) {
  const rules = SIGNUP_RULES(opts.ip, opts.perAddressPerHour);
  const clock = opts.clock ?? systemClock;
  await assertNotThrottled(db, rules, clock); // cheap refusal before the password is hashed
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // serialise sign-ups so exactly one first account becomes admin and the throttle count is exact
    await tx.execute(sql`select pg_advisory_xact_lock(7473747)`);
    await assertNotThrottled(tx, rules, clock);
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(users);
    const first = Number(n) === 0;
    if (!first && !opts.signupOpen) throw new WeftError('signup_closed', 'Sign-up is closed on this Weft. Ask the admin for an account.');
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) throw new WeftError('email_taken', 'An account with this email exists already. Log in instead.');
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash, role: first ? 'admin' : 'member' })
      .returning();
    if (!user) throw new WeftError('internal', 'Could not create the account.');
    if (opts.perAddressPerHour > 0) await recordEvent(tx, [`signup:ip:${opts.ip}`], clock);
    // the first account gets the instance's team workspace; later ones a workspace of their own
    // (they join others by invite or by a domain rule)
    if (!opts.noWorkspace) await createWorkspaceFor(tx, user.id, first ? 'Team' : personalWorkspaceName(user.name));
    return user;
  });
}

const LOGIN_RULES = (email: string, ip: string) => [
  { key: `login:email:${email}`, limit: 5, windowMs: 15 * 60_000 },
  { key: `login:ip:${ip}`, limit: 30, windowMs: 15 * 60_000 },
];

/** Checks the password (throttled per account and per address) and returns the user. */
export async function logIn(db: Db, input: z.infer<typeof credentialsSchema>, ip: string, clock: Clock = systemClock) {
  await assertNotThrottled(db, LOGIN_RULES(input.email, ip), clock);
  const [user] = await db.select().from(users).where(eq(users.email, input.email));
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok) {
    await recordFailure(db, [`login:email:${input.email}`, `login:ip:${ip}`], clock);
    throw new WeftError('invalid_credentials', 'The email or password is not right.');
  }
  if (user.disabledAt) throw new WeftError('account_disabled', 'This account was disabled by an administrator.');
  await clearFailures(db, `login:email:${input.email}`);
  return user;
}

export async function createSession(db: Db, userId: string, clock: Clock = systemClock): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(clock.now() + SESSION_TTL_MS);
  await db.insert(authSessions).values({ id: hashSecret(token), userId, expiresAt });
  return { token, expiresAt };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.id, hashSecret(token)));
}

async function toPrincipal(db: DbOrTx, u: typeof users.$inferSelect, via: Principal['via'], scope: TokenScope = 'full'): Promise<Principal> {
  const memberships = await membershipsOf(db, u.id);
  const current = u.currentWorkspaceId && memberships[u.currentWorkspaceId] ? u.currentWorkspaceId : (Object.keys(memberships)[0] ?? null);
  return { userId: u.id, email: u.email, name: u.name, role: u.role, via, scope, workspaces: memberships, currentWorkspaceId: current };
}

/** Who is calling: an API token (Authorization: Bearer) wins over a session cookie. */
export async function authenticate(db: Db, creds: { bearer?: string | null; sessionToken?: string | null }, clock: Clock = systemClock): Promise<Principal | null> {
  if (creds.bearer) {
    const [row] = await db
      .select({ user: users, tokenId: apiTokens.id, scope: apiTokens.scope })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, hashSecret(creds.bearer)), isNull(apiTokens.revokedAt), isNull(users.disabledAt)));
    if (!row) throw new WeftError('unauthorized', 'The API token is not valid (revoked or unknown).');
    void db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId)).catch(() => undefined);
    return toPrincipal(db, row.user, 'token', row.scope);
  }
  if (creds.sessionToken) {
    const [row] = await db
      .select({ user: users })
      .from(authSessions)
      .innerJoin(users, eq(users.id, authSessions.userId))
      .where(and(eq(authSessions.id, hashSecret(creds.sessionToken)), gt(authSessions.expiresAt, new Date(clock.now())), isNull(users.disabledAt)));
    return row ? toPrincipal(db, row.user, 'session') : null;
  }
  return null;
}

export async function createApiToken(db: Db, userId: string, name: string, scope: TokenScope = 'full') {
  const token = newSecret(API_TOKEN_PREFIX);
  const [row] = await db
    .insert(apiTokens)
    .values({ userId, name, scope, tokenHash: hashSecret(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6) })
    .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, scope: apiTokens.scope, createdAt: apiTokens.createdAt });
  if (!row) throw new WeftError('internal', 'Could not create the token.');
  return { ...row, token };
}

export async function listApiTokens(db: Db, userId: string) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, scope: apiTokens.scope, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(asc(apiTokens.createdAt));
}

export async function revokeApiToken(db: Db, userId: string, id: string): Promise<void> {
  const hit = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (hit.length === 0) throw new WeftError('not_found', 'No such active token.');
}
