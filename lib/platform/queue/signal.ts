import { EventEmitter } from 'node:events';

/**
 * In-process wake-up for this process's idle workers after an enqueue, so a job starts without
 * waiting for the next poll (pg-boss's LISTEN/NOTIFY does the same across processes). Kept on
 * globalThis: Next.js may load this module once per bundle in one process.
 */
const KEY = Symbol.for('weft.queue.signal');
type Holder = { [KEY]?: EventEmitter };

export function jobSignals(): EventEmitter {
  const g = globalThis as Holder;
  g[KEY] ??= new EventEmitter().setMaxListeners(100);
  return g[KEY];
}

export function signalJobsQueued(kind: string): void {
  // Deferred: the enqueueing transaction commits first.
  setTimeout(() => jobSignals().emit('queued', kind), 5);
}
