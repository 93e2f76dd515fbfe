import { config, ConfigError } from './config';
import { DataDirLockedError } from './db/lock';
import { log } from './log';
import { runtime, type Runtime } from './runtime';

/** Validates configuration and opens the runtime; a bad start-up ends the process with one clear line. */
export async function bootOrExit(): Promise<Runtime> {
  try {
    config();
    return await runtime();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof DataDirLockedError) {
      console.error(`weft: ${e.message}`);
    } else {
      console.error('weft: start-up failed:', e);
    }
    process.exit(1);
  }
}

export function onShutdown(fn: () => Promise<void>): void {
  let done = false;
  const handler = (sig: NodeJS.Signals) => {
    if (done) return;
    done = true;
    log.info('shutting down', { signal: sig });
    void fn().finally(() => process.exit(0));
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
