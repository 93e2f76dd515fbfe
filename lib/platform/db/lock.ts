import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded database may be opened by one process only (a second PGlite on the same folder loses
 * committed rows silently). The lock is a listening Unix socket owned by the holder: the operating
 * system closes it the moment the holder dies (kill -9, OOM, power loss), so a lock can never be
 * left behind, whatever pid the next process gets or whoever owns the old pid now.
 *
 * - Linux: a socket in the abstract namespace named after the folder's real path. Binding it is
 *   atomic and it has no file to go stale.
 * - Elsewhere: a socket file in the folder (or the temp folder when that path is too long for a
 *   socket). A file nobody answers on is provably stale (connect is refused) and is replaced.
 *
 * A second live process (or a second open in the same process) connects to the holder, which
 * answers with its pid; the newcomer stops with a clear message. `weft.lock` in the folder names the
 * holder's pid for people; nothing decides by it.
 */
export class DataDirLockedError extends Error {
  constructor(
    dir: string,
    readonly pid: number | null,
  ) {
    super(
      `The data folder ${dir} is in use by another Weft process${pid ? ` (pid ${pid})` : ''}. ` +
        'Stop that process first, or set DATABASE_URL to PostgreSQL to run several processes.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DirLock {
  release(): void;
}

const MAX_SOCKET_PATH = 100;

/** Where the lock socket of `dir` lives (exported for tests). */
export function lockAddress(dir: string, platform: NodeJS.Platform = process.platform): { address: string; file: string | null } {
  const real = fs.realpathSync(dir);
  const id = createHash('sha256').update(real).digest('hex').slice(0, 40);
  if (platform === 'linux') return { address: `\0weft-data-${id}`, file: null };
  const inDir = path.join(real, 'weft.lock.sock');
  const file = inDir.length <= MAX_SOCKET_PATH ? inDir : path.join(os.tmpdir(), `weft-data-${id}.sock`);
  return { address: file, file };
}

function listen(server: net.Server, address: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (e: NodeJS.ErrnoException) => resolve(e);
    server.once('error', onError);
    server.listen(address, () => {
      server.off('error', onError);
      resolve(null);
    });
  });
}

/** Asks the holder of `address` for its pid; null when nobody listens there. */
function askHolder(address: string, timeoutMs = 2000): Promise<{ pid: number | null } | null> {
  return new Promise((resolve) => {
    const sock = net.connect(address);
    let data = '';
    let connected = false;
    const done = (v: { pid: number | null } | null) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(connected ? { pid: null } : null), timeoutMs);
    sock.on('connect', () => (connected = true));
    sock.on('data', (d: Buffer) => (data += d.toString()));
    sock.on('end', () => {
      const pid = Number.parseInt(data.trim(), 10);
      done({ pid: Number.isInteger(pid) && pid > 0 ? pid : null });
    });
    sock.on('error', () => done(connected ? { pid: null } : null));
  });
}

export async function lockDataDir(dir: string): Promise<DirLock> {
  fs.mkdirSync(dir, { recursive: true });
  const { address, file } = lockAddress(dir);
  for (let attempt = 0; attempt < 5; attempt++) {
    const server = net.createServer((sock) => {
      sock.on('error', () => undefined);
      sock.end(`${process.pid}\n`);
    });
    const err = await listen(server, address);
    if (!err) {
      server.unref(); // the lock never keeps the process alive
      const info = path.join(dir, 'weft.lock');
      try {
        fs.writeFileSync(info, `${process.pid}\n`);
      } catch {
        /* informational only */
      }
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          server.close();
          if (file) fs.rmSync(file, { force: true });
          try {
            if (fs.readFileSync(info, 'utf8').trim() === String(process.pid)) fs.unlinkSync(info);
          } catch {
            /* already gone */
          }
        },
      };
    }
    server.close();
    if (err.code !== 'EADDRINUSE') throw err;
    const holder = await askHolder(address);
    if (holder) throw new DataDirLockedError(dir, holder.pid);
    // nobody answers: the holder is gone (a socket file left by a dead process) or was just leaving
    if (file) fs.rmSync(file, { force: true });
    await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
  }
  throw new Error(`Could not take the lock on ${dir}`);
}
