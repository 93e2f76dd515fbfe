import { openDatabase, type Database, type DatabaseTarget } from '../db/client';
import { JobEngine, type EnginePolicy } from './engine';

/** A database with its job engine (pg-boss) started on it. */
export interface DatabaseWithQueue extends Database {
  /** `enqueue(db or tx, …)` finds it through the database handle. */
  engine: JobEngine;
}

/** Starts the job engine on an open database; closing the result stops the engine, then the database. */
export async function withQueue(database: Database, policy: Partial<EnginePolicy> = {}): Promise<DatabaseWithQueue> {
  const engine = await JobEngine.start(database.connection, policy);
  engine.attach(database.db);
  return {
    ...database,
    engine,
    async close() {
      try {
        engine.detach(database.db);
        await engine.stop().catch(() => undefined);
      } finally {
        await database.close();
      }
    },
  };
}

/** Opens (and migrates) a database and starts the job engine on it. */
export async function openDatabaseWithQueue(target: DatabaseTarget, options: { migrationsDir?: string; queue?: Partial<EnginePolicy> } = {}): Promise<DatabaseWithQueue> {
  const database = await openDatabase(target, { migrationsDir: options.migrationsDir });
  try {
    return await withQueue(database, options.queue);
  } catch (e) {
    await database.close().catch(() => undefined);
    throw e;
  }
}
