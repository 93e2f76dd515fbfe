const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;
type Level = LogLevel;

// the process's level: set by its entry from WEFT_LOG_LEVEL (lib/server/deps.ts), `info` until then
const KEY = Symbol.for('weft.log.level');
type Holder = { [KEY]?: Level };

export function setLogLevel(level: LogLevel): void {
  (globalThis as Holder)[KEY] = level;
}

function emit(level: Level, msg: string, fields?: Record<string, unknown>): void {
  const threshold = (globalThis as Holder)[KEY] ?? 'info';
  if (LEVELS[level] < LEVELS[threshold]) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Structured one-line JSON logs. */
export const log: Logger = {
  debug: (msg: string, f?: Record<string, unknown>) => emit('debug', msg, f),
  info: (msg: string, f?: Record<string, unknown>) => emit('info', msg, f),
  warn: (msg: string, f?: Record<string, unknown>) => emit('warn', msg, f),
  error: (msg: string, f?: Record<string, unknown>) => emit('error', msg, f),
};
