import { afterAll, beforeAll, describe } from 'vitest';
import type { Database } from '@/lib/db/client';
import { BACKENDS, createTestDatabase, postgresAvailable, type TestDatabase } from './databases';

const pgUp = await postgresAvailable();

/**
 * Runs a suite once on PGlite and once on PostgreSQL (a visible SKIP when no server answers).
 * The suite receives a getter for an open, migrated, empty database.
 */
export function describeOnBothDatabases(name: string, suite: (get: () => { db: Database['db']; database: Database; test: TestDatabase }) => void): void {
  for (const kind of BACKENDS) {
    const d = kind === 'postgres' && !pgUp ? describe.skip : describe;
    d(`${name} [${kind}]`, () => {
      let test: TestDatabase;
      let database: Database;
      beforeAll(async () => {
        test = await createTestDatabase(kind);
        database = await test.open();
      });
      afterAll(async () => {
        await database?.close().catch(() => undefined); // a test may have closed it
        await test?.destroy();
      });
      suite(() => ({ db: database.db, database, test }));
    });
  }
}
