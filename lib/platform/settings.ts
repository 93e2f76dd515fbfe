import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from './db/client';
import { settings } from './db/schema';

/** A secret generated on first use and shared by every process through the database. */
export async function instanceSecret(db: DbOrTx, key: string): Promise<string> {
  await db.insert(settings).values({ key, value: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  if (!row) throw new Error(`instance secret ${key} missing`);
  return row.value;
}
