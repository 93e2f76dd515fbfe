/**
 * `npm run worker`: a worker process for the distributed mode (PostgreSQL via DATABASE_URL).
 * The embedded PGlite database belongs to the web server process, which runs its workers inline.
 */
import { bootOrExit, configOrExit, onShutdown } from '@/lib/server/boot';
import { log } from '@/lib/platform/log';
import { closeDeps } from '@/lib/server/deps';
import { startWorkersFor } from './index';

async function main(): Promise<void> {
  const cfg = configOrExit();
  if (!cfg.DATABASE_URL) {
    console.error(
      'weft: a separate worker needs PostgreSQL (set DATABASE_URL). With the embedded database the server runs its workers itself.',
    );
    process.exit(1);
  }
  const d = await bootOrExit(cfg);
  const pool = await startWorkersFor(d, { soleWorker: false });
  log.info('worker started', { pid: process.pid });
  onShutdown(async () => {
    await pool.stop(30_000);
    await closeDeps(d);
  });
}

void main();
