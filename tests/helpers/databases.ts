import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabaseWithQueue, type DatabaseWithQueue as Database } from '@/lib/platform/queue/open';

/** The PostgreSQL server the tests use (database `test`); each test file gets its own database. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgAvailable: boolean | undefined;
export async function postgresAvailable(): Promise<boolean> {
  if (pgAvailable !== undefined) return pgAvailable;
  const sql = postgres(TEST_PG_URL, { max: 1, connect_timeout: 3, onnotice: () => undefined });
  try {
    await sql`select 1`;
    pgAvailable = true;
  } catch (e) {
    // on CI a missing server is a failure, not a skip: the PostgreSQL half must run there
    if (process.env.CI === 'true') throw new Error(`CI=true and no PostgreSQL answers at ${TEST_PG_URL}: ${String(e)}`);
    pgAvailable = false;
    console.warn(`SKIP: no PostgreSQL answers at ${TEST_PG_URL}; the PostgreSQL half of the integration tests is skipped.`);
  } finally {
    await sql.end({ timeout: 2 });
  }
  return pgAvailable;
}

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  /** PostgreSQL only: the connection URL of this test's own database. */
  url?: string;
  open(options?: Parameters<typeof openDatabaseWithQueue>[1]): Promise<Database>;
  /** Removes the database (files or server database). */
  destroy(): Promise<void>;
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `weft-${label}-`));
}

export async function createTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dir = tempDir('pglite');
    return {
      kind,
      open: (options) => openDatabaseWithQueue({ kind: 'pglite', dir: path.join(dir, 'db') }, options),
      destroy: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `weft_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    open: (options) => openDatabaseWithQueue({ kind: 'postgres', url: url.toString() }, options),
    destroy: async () => {
      const a = postgres(TEST_PG_URL, { max: 1, onnotice: () => undefined });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** The backends a test file runs against: PGlite always, PostgreSQL when a server answers. */
export const BACKENDS = ['pglite', 'postgres'] as const;
