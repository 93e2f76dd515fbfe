/**
 * `npm run worker`: a worker process for the distributed mode (PostgreSQL via DATABASE_URL).
 * The embedded PGlite database belongs to the web server process, which runs its workers inline.
 */
import { bootOrExit, onShutdown } from '@/lib/boot';
import { config } from '@/lib/config';
import { log } from '@/lib/log';
import { closeRuntime } from '@/lib/runtime';
import { startWorkersFor } from './index';

async function main(): Promise<void> {
  let cfg;
  try {
    cfg = config();
  } catch (e) {
    console.error(`weft: ${(e as Error).message}`);
    process.exit(1);
  }
  if (!cfg.DATABASE_URL) {
    console.error(
      'weft: a separate worker needs PostgreSQL (set DATABASE_URL). With the embedded database the server runs its workers itself.',
    );
    process.exit(1);
  }
  const rt = await bootOrExit();
  const pool = await startWorkersFor(rt, { soleWorker: false });
  log.info('worker started', { pid: process.pid });
  onShutdown(async () => {
    await pool.stop(30_000);
    await closeRuntime();
  });
}

void main();
