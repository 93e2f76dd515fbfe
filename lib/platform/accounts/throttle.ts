import { and, asc, count, eq, gt, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { throttleEvents } from '../db/schema';
import { WeftError, type ErrorCode } from '../errors';
import { systemClock, type Clock } from '../clock';

/**
 * Counting in the database, so every process (and a restart) sees the same count. After `limit`
 * events within `windowMs`, further attempts are refused with 429 and a Retry-After of the time
 * until the oldest counted event leaves the window.
 */
export interface ThrottleRule {
  key: string;
  limit: number;
  windowMs: number;
  /** The refusal (default: too many failed attempts). */
  code?: ErrorCode;
  /** Sentence before "Try again in …". */
  message?: string;
}

export async function assertNotThrottled(db: DbOrTx, rules: ThrottleRule[], clock: Clock = systemClock): Promise<void> {
  const now = clock.now();
  for (const rule of rules) {
    if (rule.limit <= 0) continue;
    const since = new Date(now - rule.windowMs);
    const [row] = await db
      .select({ n: count() })
      .from(throttleEvents)
      .where(and(eq(throttleEvents.key, rule.key), gt(throttleEvents.at, since)));
    const n = Number(row?.n ?? 0);
    if (n < rule.limit) continue;
    // the window frees a slot when the (n - limit + 1)-th oldest event in it expires
    const [oldest] = await db
      .select({ at: throttleEvents.at })
      .from(throttleEvents)
      .where(and(eq(throttleEvents.key, rule.key), gt(throttleEvents.at, since)))
      .orderBy(asc(throttleEvents.at))
      .offset(n - rule.limit)
      .limit(1);
    const freeAt = (oldest?.at.getTime() ?? now) + rule.windowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now) / 1000));
    const wait = retryAfterSeconds >= 90 ? `${Math.ceil(retryAfterSeconds / 60)} minutes` : `${retryAfterSeconds} seconds`;
    throw new WeftError(rule.code ?? 'too_many_attempts', `${rule.message ?? 'Too many failed attempts.'} Try again in ${wait}.`, {
      details: { retryAfterSeconds },
    });
  }
}

/** Counts one event under each key (a failed log-in, an account created). */
export async function recordEvent(db: DbOrTx, keys: string[], clock: Clock = systemClock): Promise<void> {
  if (keys.length === 0) return;
  const at = new Date(clock.now());
  await db.insert(throttleEvents).values(keys.map((key) => ({ key, at })));
  // keep the table small: forget events older than a day
  if (Math.random() < 0.05) await db.delete(throttleEvents).where(lt(throttleEvents.at, new Date(at.getTime() - 86_400_000)));
}

export const recordFailure = recordEvent;

export async function clearFailures(db: DbOrTx, key: string): Promise<void> {
  await db.delete(throttleEvents).where(eq(throttleEvents.key, key));
}

/**
 * Checks the rules and counts one event under each, atomically: the rules' keys are locked for the
 * caller's transaction (advisory locks, in one order), so parallel requests — in this process or
 * another — cannot all pass a check before any of them is counted. Call inside a transaction.
 */
export async function takeThrottled(tx: DbOrTx, rules: ThrottleRule[], clock: Clock = systemClock): Promise<void> {
  const keys = [...new Set(rules.map((r) => r.key))].sort();
  for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`throttle:${key}`}))`);
  await assertNotThrottled(tx, rules, clock);
  await recordEvent(tx, keys, clock);
}
