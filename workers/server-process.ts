import { bootOrExit, onShutdown } from '@/lib/boot';
import { log } from '@/lib/log';
import { closeRuntime } from '@/lib/runtime';
import type { WorkerGroup } from '@/lib/queue/runner';
import { llmFrom } from '@/lib/analysis/service';
import { notifyFrom, transcriptionFrom } from './deps';
import { startWorkers } from './index';
import { WhisperRunner } from '@/lib/transcripts/whisper';

const KEY = Symbol.for('weft.inline-workers');
type Holder = { [KEY]?: WorkerGroup };

/** Called once by the web server at start-up (instrumentation): runtime + inline workers. */
export async function startServerProcess(): Promise<void> {
  const rt = await bootOrExit();
  const g = globalThis as Holder;
  if (rt.config.WEFT_WORKERS === 'inline' && !g[KEY]) {
    g[KEY] = await startWorkers(
      rt.db,
      { config: rt.config, storage: rt.storage, transcription: transcriptionFrom(rt.config, new WhisperRunner()), llm: llmFrom(rt.config), notify: notifyFrom(rt.config) },
      {
        concurrency: rt.config.WEFT_WORKER_CONCURRENCY,
        ingestConcurrency: rt.config.WEFT_INGEST_CONCURRENCY,
        pollMs: rt.config.WEFT_JOB_POLL_MS,
        leaseSeconds: rt.config.WEFT_JOB_LEASE_SECONDS,
        soleWorker: rt.database.kind === 'pglite',
      },
    );
    log.info('inline workers started', { concurrency: rt.config.WEFT_WORKER_CONCURRENCY });
  }
  // Unfinished uploads past their expiry are removed hourly.
  setInterval(() => {
    void rt.tus.cleanUpExpiredUploads().catch(() => undefined);
  }, 3600_000).unref();
  onShutdown(async () => {
    await g[KEY]?.stop(5000);
    await closeRuntime();
  });
}
