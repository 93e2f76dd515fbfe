import type { Server as TusServer } from '@tus/server';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db/client';
import { openDatabaseWithQueue, type DatabaseWithQueue } from '../platform/queue/open';
import type { JobEngine } from '../platform/queue/engine';
import { log, setLogLevel, type Logger } from '../platform/log';
import { createStorage, type Storage } from '../platform/storage';
import { authenticate } from '../platform/accounts/service';
import { bearerOf, cookieOf, SESSION_COOKIE } from '../platform/accounts/credentials';
import { instanceSecret } from '../platform/settings';
import { PostgresUploadLocker } from '../record/uploads/locker';
import { createTusServer, type CallerOf } from '../record/uploads/tus';
import { VideoFeed } from '../watch/video-feed';
import { viewerFrom } from '../videos/policy';
import { OidcLogin } from '../platform/accounts/oidc';
import { AccessEpochs, loadAccessEpoch } from '../videos/access-epoch';
import { systemClock, type Clock } from '../platform/clock';
import { createMailer, type Mailer } from '../process/notify/mail';
import { PlaybackIngest } from '../watch/analytics/service';
import { CdnManager } from '../watch/stream/cdn';

/**
 * Everything a process shares, built once by its entry — the server (server.ts, through
 * workers/server-process.ts) or a worker (workers/main.ts) — and handed on: the configuration, the
 * database with its job queue, media storage, the clock, the mailer and the logger, and the
 * services made from them. Domain code takes what it needs as parameters; only the web edge (route
 * handlers and pages, which Next.js loads as module graphs of their own) reads the instance the
 * entry installed, through `deps()`.
 */
export interface Deps {
  config: Config;
  clock: Clock;
  log: Logger;
  database: DatabaseWithQueue;
  db: Db;
  queue: JobEngine;
  storage: Storage;
  /** Set when SMTP is configured. */
  mailer: Mailer | undefined;
  tus: TusServer;
  /** Key for signed media URLs and password unlocks. */
  signingKey: string;
  /** Video changes for server-sent events. */
  videoFeed: VideoFeed;
  /** Videos' access epochs for the media origin, through a short cache. */
  accessEpochs: AccessEpochs;
  /** tus upload locks shared by the web nodes (PostgreSQL only). */
  uploadLocker?: PostgresUploadLocker;
  /** Players' playback events, grouped into few writes, throttled per playback. */
  playback: PlaybackIngest;
  /** The CDNs in front of the media origin, with their health. */
  cdns: CdnManager;
  /** Single sign-on, when an OpenID Provider is configured. */
  oidc: OidcLogin | undefined;
}

export interface DepsOptions {
  clock?: Clock;
}

/** Opens everything the configuration names. Call once per process, from its entry. */
export async function createDeps(config: Config, opts: DepsOptions = {}): Promise<Deps> {
  setLogLevel(config.WEFT_LOG_LEVEL);
  const clock = opts.clock ?? systemClock;
  const started = clock.now();
  const database = await openDatabaseWithQueue(config.DATABASE_URL ? { kind: 'postgres', url: config.DATABASE_URL } : { kind: 'pglite', dir: config.dbDir }, {
    queue: { heartbeatSeconds: config.WEFT_JOB_LEASE_SECONDS, retentionDays: config.WEFT_JOB_RETENTION_DAYS },
  });
  const storage = createStorage(config);
  const db = database.db;
  const callerOf: CallerOf = async (req) => {
    const p = await authenticate(db, { bearer: bearerOf(req), sessionToken: cookieOf(req, SESSION_COOKIE) }, clock).catch(() => null);
    return viewerFrom(p);
  };
  // on PostgreSQL several web nodes may serve one upload: its lock is held in the database
  const uploadLocker = config.DATABASE_URL ? new PostgresUploadLocker(config.DATABASE_URL) : undefined;
  const tus = createTusServer(db, storage, { maxBytes: config.WEFT_UPLOAD_MAX_BYTES, expiryMs: config.WEFT_UPLOAD_EXPIRY_HOURS * 3600_000, locker: uploadLocker }, callerOf);
  const signingKey = config.WEFT_SIGNING_KEY ?? (await instanceSecret(db, 'signing_key'));
  const cdns = new CdnManager(config.cdns, { healthSeconds: config.WEFT_CDN_HEALTH_SECONDS, onChange: (name, up) => log.info(up ? 'cdn back' : 'cdn down', { cdn: name }) });
  if (config.cdns.length > 0) cdns.start();
  const deps: Deps = {
    config,
    clock,
    log,
    database,
    db,
    queue: database.engine,
    storage,
    mailer: config.WEFT_SMTP_URL ? createMailer(config.WEFT_SMTP_URL, config.WEFT_MAIL_FROM) : undefined,
    tus,
    signingKey,
    videoFeed: new VideoFeed(db),
    accessEpochs: new AccessEpochs((id) => loadAccessEpoch(db, id)),
    uploadLocker,
    // a few group writes at once on PostgreSQL; PGlite has one connection
    playback: new PlaybackIngest({ db, signingKey, clock, batchesPerMinute: config.WEFT_ANALYTICS_BATCHES_PER_MINUTE, writers: config.DATABASE_URL ? 4 : 1 }),
    cdns,
    oidc:
      config.WEFT_OIDC_ISSUER && config.WEFT_OIDC_CLIENT_ID && config.WEFT_OIDC_CLIENT_SECRET
        ? new OidcLogin({ issuer: config.WEFT_OIDC_ISSUER, clientId: config.WEFT_OIDC_CLIENT_ID, clientSecret: config.WEFT_OIDC_CLIENT_SECRET, tokenAuth: config.WEFT_OIDC_TOKEN_AUTH })
        : undefined,
  };
  log.info('dependencies ready', { database: database.kind, media: storage.kind === 's3' ? `s3://${config.WEFT_S3_BUCKET ?? ''}` : config.mediaDir, ms: clock.now() - started });
  return deps;
}

/** Closes what `createDeps` opened. */
export async function closeDeps(d: Deps): Promise<void> {
  d.cdns.stop();
  await d.uploadLocker?.close().catch(() => undefined);
  await d.database.close();
}

// The entry's instance, for the web edge. On globalThis because Next.js loads route bundles apart
// from the server entry, as separate module graphs in one process.
const KEY = Symbol.for('weft.deps');
type Holder = { [KEY]?: Deps };

/** The entry hands its dependencies to the web edge (once, before it serves). */
export function installDeps(d: Deps): void {
  (globalThis as Holder)[KEY] = d;
}

export function uninstallDeps(): Deps | undefined {
  const g = globalThis as Holder;
  const d = g[KEY];
  delete g[KEY];
  return d;
}

/** The dependencies the entry installed: for route handlers and pages only. */
export function deps(): Deps {
  const d = (globalThis as Holder)[KEY];
  if (!d) throw new Error('Weft is not started: the server entry (server.ts) builds its dependencies before it serves.');
  return d;
}
