import { ConfigError, configFromEnv, type Config } from '../platform/config';
import { DataDirLockedError } from '../platform/db/lock';
import { log } from '../platform/log';
import { createDeps, installDeps, type Deps } from './deps';

/** The configuration of this process, or the end of it with one clear line. */
export function configOrExit(): Config {
  try {
    return configFromEnv();
  } catch (e) {
    console.error(`weft: ${(e as Error).message}`);
    process.exit(1);
  }
}

/**
 * An entry's start: the configuration, then the dependencies built from it (installed for the web
 * edge). A bad start-up ends the process with one clear line.
 */
export async function bootOrExit(cfg: Config = configOrExit()): Promise<Deps> {
  try {
    const d = await createDeps(cfg);
    installDeps(d);
    return d;
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
