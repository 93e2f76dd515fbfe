import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { lockDataDir, type DirLock } from './lock';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type DatabaseTarget = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };

/** How another client reaches the same database (the job engine opens its own on it). */
export type DatabaseConnection = { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; url: string };

/** An open, migrated database. It knows nothing of the job queue (lib/platform/queue/open.ts adds it). */
export interface Database {
  kind: DatabaseTarget['kind'];
  db: Db;
  connection: DatabaseConnection;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.join(process.cwd(), 'drizzle');

/** Rows of a raw query, whichever driver ran it (PGlite returns {rows}, postgres.js an array). */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export async function openDatabase(
  target: DatabaseTarget,
  options: { migrationsDir?: string } = {},
): Promise<Database> {
  const migrationsFolder = options.migrationsDir ?? MIGRATIONS_DIR;
  if (target.kind === 'pglite') {
    const lock: DirLock = await lockDataDir(target.dir);
    let client: PGlite | undefined;
    try {
      client = await PGlite.create(target.dir);
      const db = drizzlePglite(client, { schema });
      await migratePglite(db, { migrationsFolder });
      const pg = client;
      return {
        kind: 'pglite',
        db: db as unknown as Db,
        connection: { kind: 'pglite', client: pg },
        async close() {
          try {
            await pg.close();
          } finally {
            lock.release();
          }
        },
      };
    } catch (e) {
      await client?.close().catch(() => undefined);
      lock.release();
      throw e;
    }
  }

  // Migrations run on one connection under an advisory lock, so several processes may start at once.
  const migrator = postgres(target.url, { max: 1, onnotice: () => undefined });
  try {
    await migrator`select pg_advisory_lock(7473746)`;
    await migratePostgres(drizzlePostgres(migrator, { schema }), { migrationsFolder });
    await migrator`select pg_advisory_unlock(7473746)`;
  } finally {
    await migrator.end({ timeout: 5 });
  }
  const client = postgres(target.url, { max: 10, onnotice: () => undefined });
  const db = drizzlePostgres(client, { schema });
  return {
    kind: 'postgres',
    db: db as unknown as Db,
    connection: { kind: 'postgres', url: target.url },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/** Readiness: the database answers a query. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
