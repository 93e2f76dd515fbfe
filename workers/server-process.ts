import { bootOrExit, onShutdown } from '@/lib/server/boot';
import { log } from '@/lib/platform/log';
import { closeDeps, uninstallDeps, type Deps } from '@/lib/server/deps';
import type { WorkerGroup } from '@/lib/platform/queue/runner';
import { startWorkersFor } from './index';

/**
 * Called once by the server entry (server.ts) at start-up: the process's dependencies (installed for
 * the route handlers), and in the embedded default the workers inline.
 */
export async function startServerProcess(): Promise<Deps> {
  const d = await bootOrExit();
  let workers: WorkerGroup | undefined;
  if (d.config.WEFT_WORKERS === 'inline') {
    workers = await startWorkersFor(d, { soleWorker: d.database.kind === 'pglite' });
    log.info('inline workers started', { concurrency: d.config.WEFT_WORKER_CONCURRENCY });
  }
  onShutdown(async () => {
    await workers?.stop(5000);
    uninstallDeps();
    await closeDeps(d);
  });
  return d;
}
