import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { throttleEvents } from '../db/schema';
import { WeftError } from '../errors';

/**
 * Failure counting in the database, so every process (and a restart) sees the same count.
 * After `limit` failures within `windowMs`, further attempts are refused with 429 until the window passes.
 */
export interface ThrottleRule {
  key: string;
  limit: number;
  windowMs: number;
}

export async function assertNotThrottled(db: DbOrTx, rules: ThrottleRule[]): Promise<void> {
  for (const rule of rules) {
    const since = new Date(Date.now() - rule.windowMs);
    const [row] = await db
      .select({ n: count() })
      .from(throttleEvents)
      .where(and(eq(throttleEvents.key, rule.key), gt(throttleEvents.at, since)));
    if ((row?.n ?? 0) >= rule.limit) {
      throw new WeftError('too_many_attempts', `Too many failed attempts. Try again in ${Math.ceil(rule.windowMs / 60_000)} minutes.`, {
        details: { retryAfterSeconds: Math.ceil(rule.windowMs / 1000) },
      });
    }
  }
}

export async function recordFailure(db: DbOrTx, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.insert(throttleEvents).values(keys.map((key) => ({ key })));
  // keep the table small: forget failures older than a day
  if (Math.random() < 0.05) await db.delete(throttleEvents).where(lt(throttleEvents.at, new Date(Date.now() - 86_400_000)));
}

export async function clearFailures(db: DbOrTx, key: string): Promise<void> {
  await db.delete(throttleEvents).where(eq(throttleEvents.key, key));
}
