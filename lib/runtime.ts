import type { Server as TusServer } from '@tus/server';
import { config, type Config } from './config';
import { openDatabase, type Database, type Db } from './db/client';
import { log } from './log';
import { createStorage, type Storage } from './storage';
import { createTusServer } from './uploads/tus';

/**
 * The process-wide services: database, storage, tus server. Kept on globalThis because Next.js
 * loads route bundles and instrumentation as separate module graphs in one process; a second
 * PGlite on the same folder would lose data.
 */
export interface Runtime {
  config: Config;
  database: Database;
  db: Db;
  storage: Storage;
  tus: TusServer;
}

const KEY = Symbol.for('weft.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

async function create(): Promise<Runtime> {
  const cfg = config();
  const started = Date.now();
  const database = await openDatabase(
    cfg.DATABASE_URL ? { kind: 'postgres', url: cfg.DATABASE_URL } : { kind: 'pglite', dir: cfg.dbDir },
  );
  const storage = createStorage(cfg);
  const tus = createTusServer(database.db, storage, {
    maxBytes: cfg.WEFT_UPLOAD_MAX_BYTES,
    expiryMs: cfg.WEFT_UPLOAD_EXPIRY_HOURS * 3600_000,
  });
  log.info('runtime ready', { database: database.kind, media: cfg.mediaDir, ms: Date.now() - started });
  return { config: cfg, database, db: database.db, storage, tus };
}

export function runtime(): Promise<Runtime> {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    g[KEY] = create();
    g[KEY].catch(() => {
      delete g[KEY];
    });
  }
  return g[KEY];
}

export async function closeRuntime(): Promise<void> {
  const g = globalThis as Holder;
  const p = g[KEY];
  delete g[KEY];
  if (p) await (await p).database.close();
}
