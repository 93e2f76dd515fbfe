/**
 * `npm run worker`: a worker process for the distributed mode (PostgreSQL via DATABASE_URL).
 * The embedded PGlite database belongs to the web server process, which runs its workers inline.
 */
import { bootOrExit, onShutdown } from '@/lib/boot';
import { config } from '@/lib/config';
import { log } from '@/lib/log';
import { closeRuntime } from '@/lib/runtime';
import { llmFrom } from '@/lib/analysis/service';
import { notifyFrom, transcriptionFrom } from './deps';
import { startWorkers } from './index';
import { WhisperRunner } from '@/lib/transcripts/whisper';

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
  const pool = await startWorkers(
    rt.db,
    { config: rt.config, storage: rt.storage, transcription: transcriptionFrom(rt.config, new WhisperRunner()), llm: llmFrom(rt.config), notify: notifyFrom(rt.config) },
    {
      concurrency: rt.config.WEFT_WORKER_CONCURRENCY,
      ingestConcurrency: rt.config.WEFT_INGEST_CONCURRENCY,
      pollMs: rt.config.WEFT_JOB_POLL_MS,
      leaseSeconds: rt.config.WEFT_JOB_LEASE_SECONDS,
      soleWorker: false,
    },
  );
  log.info('worker started', { id: pool.pools[0]?.workerId });
  onShutdown(async () => {
    await pool.stop(30_000);
    await closeRuntime();
  });
}

void main();
