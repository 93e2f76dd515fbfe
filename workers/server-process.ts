import { bootOrExit, onShutdown } from '@/lib/boot';
import { log } from '@/lib/log';
import { closeRuntime } from '@/lib/runtime';
import type { WorkerGroup } from '@/lib/queue/runner';
import { startWorkersFor } from './index';

const KEY = Symbol.for('weft.inline-workers');
type Holder = { [KEY]?: WorkerGroup };

/** Called once by the server entry (server.ts) at start-up: runtime + inline workers. */
export async function startServerProcess(): Promise<void> {
  const rt = await bootOrExit();
  const g = globalThis as Holder;
  if (rt.config.WEFT_WORKERS === 'inline' && !g[KEY]) {
    g[KEY] = await startWorkersFor(rt, { soleWorker: rt.database.kind === 'pglite' });
    log.info('inline workers started', { concurrency: rt.config.WEFT_WORKER_CONCURRENCY });
  }
  onShutdown(async () => {
    await g[KEY]?.stop(5000);
    await closeRuntime();
  });
}
