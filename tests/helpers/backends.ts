import { afterAll, beforeAll, describe } from 'vitest';
import type { Database } from '@/lib/platform/db/client';
import fs from 'node:fs';
import path from 'node:path';
import type { Storage } from '@/lib/platform/storage';
import { diskStorage } from '@/lib/platform/storage/disk';
import { BACKENDS, createTestDatabase, postgresAvailable, tempDir, type TestDatabase } from './databases';
import { startLocalS3, type LocalS3 } from './storage';

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

export interface StorageBackend {
  db: Database['db'];
  database: Database;
  test: TestDatabase;
  storage: Storage;
  storageKind: Storage['kind'];
}

/**
 * Runs a suite on PGlite with disk media, on PostgreSQL with disk media, and on PostgreSQL with
 * media in an S3 bucket (a local S3-compatible server started for the suite).
 */
export function describeOnStorages(name: string, suite: (get: () => StorageBackend) => void): void {
  const combos: Array<{ kind: (typeof BACKENDS)[number]; storage: Storage['kind'] }> = [
    { kind: 'pglite', storage: 'disk' },
    { kind: 'postgres', storage: 'disk' },
    { kind: pgUp ? 'postgres' : 'pglite', storage: 's3' },
  ];
  for (const combo of combos) {
    const d = combo.kind === 'postgres' && !pgUp ? describe.skip : describe;
    d(`${name} [${combo.kind}, ${combo.storage}]`, () => {
      let test: TestDatabase;
      let database: Database;
      let storage: Storage;
      let s3: LocalS3 | null = null;
      const dir = tempDir(`media-${combo.storage}`);
      beforeAll(async () => {
        test = await createTestDatabase(combo.kind);
        database = await test.open();
        if (combo.storage === 's3') {
          s3 = await startLocalS3(path.join(dir, 'bucket'));
          storage = s3.storage('weft-test', path.join(dir, 'scratch'));
        } else {
          storage = diskStorage(dir);
        }
      });
      afterAll(async () => {
        await database?.close().catch(() => undefined);
        await test?.destroy();
        await s3?.close();
        fs.rmSync(dir, { recursive: true, force: true });
      });
      suite(() => ({ db: database.db, database, test, storage, storageKind: combo.storage }));
    });
  }
}
