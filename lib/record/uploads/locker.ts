import postgres from 'postgres';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server';
import { log } from '../../platform/log';

/** Where nodes ask each other to let go of an upload (tus: a resumed client supersedes a stuck request). */
const RELEASE_CHANNEL = 'weft_tus_release';

/**
 * tus upload locks that hold across web nodes: a PostgreSQL advisory lock per upload, held on a
 * reserved connection for as long as one request writes the upload. A node that dies loses its
 * connection and with it the lock, at once. A request that finds the upload locked asks the
 * holder — on whichever node — to finish (NOTIFY), as tus's own in-memory locker does in one process.
 */
export class PostgresUploadLocker implements Locker {
  readonly sql: postgres.Sql;
  /** The requests of this node that hold a lock, by upload id. */
  readonly holders = new Map<string, RequestRelease>();
  private listening: Promise<unknown> | null = null;

  constructor(
    url: string,
    readonly options: { acquireTimeoutMs?: number; maxConnections?: number } = {},
  ) {
    this.sql = postgres(url, { max: options.maxConnections ?? 20, onnotice: () => undefined });
  }

  /** Starts listening for release requests from other nodes. */
  start(): Promise<unknown> {
    this.listening ??= this.sql
      .listen(RELEASE_CHANNEL, (id) => {
        const release = this.holders.get(id);
        if (release) void Promise.resolve(release()).catch(() => undefined);
      })
      .catch((e: unknown) => log.warn('tus lock: cannot listen for release requests', { error: String(e) }));
    return this.listening;
  }

  newLock(id: string): Lock {
    void this.start();
    return new PostgresUploadLock(this, id);
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}

class PostgresUploadLock implements Lock {
  private conn: postgres.ReservedSql | null = null;
  private readonly key: string;

  constructor(
    private readonly locker: PostgresUploadLocker,
    private readonly id: string,
  ) {
    this.key = `tus:${id}`;
  }

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const deadline = Date.now() + (this.locker.options.acquireTimeoutMs ?? 30_000);
    const conn = await this.locker.sql.reserve();
    let askedAt = 0;
    try {
      for (;;) {
        const [row] = await conn<{ ok: boolean }[]>`select pg_try_advisory_lock(hashtextextended(${this.key}, 0)) as ok`;
        if (row?.ok) {
          this.conn = conn;
          this.locker.holders.set(this.id, requestRelease);
          return;
        }
        if (signal.aborted || Date.now() > deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
        if (Date.now() - askedAt > 1000) {
          askedAt = Date.now();
          await this.locker.sql`select pg_notify(${RELEASE_CHANNEL}, ${this.id})`;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    } catch (e) {
      conn.release();
      throw e;
    }
  }

  async unlock(): Promise<void> {
    const conn = this.conn;
    if (!conn) throw new Error('Releasing an unlocked lock!');
    this.conn = null;
    this.locker.holders.delete(this.id);
    try {
      await conn`select pg_advisory_unlock(hashtextextended(${this.key}, 0))`;
    } finally {
      conn.release();
    }
  }
}
