import type { Config } from '../../platform/config';
import type { Db } from '../../platform/db/client';
import type { Storage } from '../../platform/storage';

/** What the media steps need: the tools and where bytes live. */
export interface MediaDeps {
  config: Pick<Config, 'FFMPEG_PATH' | 'FFPROBE_PATH' | 'WEFT_FFMPEG_PRESET'>;
  storage: Storage;
}

/** One run of a step: the database and a signal that stops it (shutdown, lost lease, deleted video). */
export interface StepContext {
  db: Db;
  signal: AbortSignal;
  /** The job running it (scratch folders and "done by someone else" checks are per job). */
  jobId: string;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}
