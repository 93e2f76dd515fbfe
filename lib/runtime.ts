import type { Server as TusServer } from '@tus/server';
import { config, type Config } from './config';
import { openDatabase, type Database, type Db } from './db/client';
import { log } from './log';
import { createStorage, type Storage } from './storage';
import { authenticate } from './auth/service';
import { bearerOf, cookieOf, SESSION_COOKIE } from './auth/credentials';
import { instanceSecret } from './settings';
import { PostgresUploadLocker } from './uploads/locker';
import { createTusServer, type CallerOf } from './uploads/tus';
import { VideoFeed } from './live/video-feed';
import { ANONYMOUS } from './videos/policy';
import { AccessEpochs, loadAccessEpoch } from './streaming/access-epoch';

/**
 * The process-wide services: database, storage, tus server. Kept on globalThis because Next.js
 * loads route bundles apart from the server entry (server.ts) as separate module graphs in one process; a second
 * PGlite on the same folder would lose data.
 */
export interface Runtime {
  config: Config;
  database: Database;
  db: Db;
  storage: Storage;
  tus: TusServer;
  /** Key for signed media URLs and password unlocks. */
  signingKey: string;
  /** Video changes for server-sent events. */
  videoFeed: VideoFeed;
  /** tus upload locks shared by the web nodes (PostgreSQL only). */
  uploadLocker?: PostgresUploadLocker;
  /** Videos' access epochs for the media origin, through a short cache. */
  accessEpochs: AccessEpochs;
}

const KEY = Symbol.for('weft.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

async function create(): Promise<Runtime> {
  const cfg = config();
  const started = Date.now();
  const database = await openDatabase(
    cfg.DATABASE_URL ? { kind: 'postgres', url: cfg.DATABASE_URL } : { kind: 'pglite', dir: cfg.dbDir },
    { queue: { heartbeatSeconds: cfg.WEFT_JOB_LEASE_SECONDS, retentionDays: cfg.WEFT_JOB_RETENTION_DAYS } },
  );
  const storage = createStorage(cfg);
  const db = database.db;
  const callerOf: CallerOf = async (req) => {
    const p = await authenticate(db, { bearer: bearerOf(req), sessionToken: cookieOf(req, SESSION_COOKIE) }).catch(() => null);
    return p ? { userId: p.userId, role: p.role } : ANONYMOUS;
  };
  // on PostgreSQL several web nodes may serve one upload: its lock is held in the database
  const locker = cfg.DATABASE_URL ? new PostgresUploadLocker(cfg.DATABASE_URL) : undefined;
  const tus = createTusServer(
    db,
    storage,
    { maxBytes: cfg.WEFT_UPLOAD_MAX_BYTES, expiryMs: cfg.WEFT_UPLOAD_EXPIRY_HOURS * 3600_000, locker },
    callerOf,
  );
  const signingKey = cfg.WEFT_SIGNING_KEY ?? (await instanceSecret(db, 'signing_key'));
  log.info('runtime ready', { database: database.kind, media: storage.kind === 's3' ? `s3://${cfg.WEFT_S3_BUCKET ?? ''}` : cfg.mediaDir, ms: Date.now() - started });
  return { config: cfg, database, db, storage, tus, signingKey, videoFeed: new VideoFeed(db), uploadLocker: locker, accessEpochs: new AccessEpochs((id) => loadAccessEpoch(db, id)) };
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
  if (!p) return;
  const rt = await p;
  await rt.uploadLocker?.close().catch(() => undefined);
  await rt.database.close();
}
