import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A real Weft server: the production build (`npm run build` first) on a free port. */
export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export function requireBuild(): void {
  if (!fs.existsSync(path.resolve('.next', 'BUILD_ID'))) {
    throw new Error('No production build: run `npm run build` before the HTTP tests (npm test does).');
  }
}

export function spawnServer(opts: { dataDir: string; port: number; env?: Record<string, string> }): RunningServer {
  requireBuild();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts', '-p', String(opts.port), '-H', '127.0.0.1'], {
    env: {
      ...process.env,
      WEFT_DATA_DIR: opts.dataDir,
      WEFT_JOB_POLL_MS: '500',
      WEFT_LOG_LEVEL: 'warn',
      // every test client signs up from 127.0.0.1; the throttle has its own test
      WEFT_SIGNUPS_PER_ADDRESS: '0',
      // the owner's comment notices within seconds
      WEFT_COMMENT_DIGEST_SECONDS: '2',
      // the random-weight Whisper fixture (no model downloads in tests)
      WEFT_WHISPER_MODEL: path.resolve('tests/fixtures/models/tiny-random-whisper'),
      WEFT_WHISPER_DTYPE: 'fp32',
      WEFT_WHISPER_THREADS: '1',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url: `http://127.0.0.1:${opts.port}`,
    port: opts.port,
    dataDir: opts.dataDir,
    child,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      assertNoLeakWarnings(out);
      return code;
    },
  };
}

/**
 * Node's words for a file handle left to the garbage collector (DEP0137). A server that prints
 * them leaked a descriptor: the suite that ran it fails.
 */
export const LEAK_WARNING = /Closing file descriptor \d+ on garbage collection|DEP0137/;

export function assertNoLeakWarnings(log: string): void {
  const line = log.split('\n').find((l) => LEAK_WARNING.test(l));
  if (line) throw new Error(`the server leaked a file descriptor: ${line.trim()}`);
}

export async function waitUntilUp(server: RunningServer, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (server.child.exitCode !== null) throw new Error(`server exited (${server.child.exitCode}): ${server.output()}`);
    try {
      const res = await fetch(`${server.url}/api/v1/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not come up: ${server.output()}`);
}

export async function startServer(dataDir: string, env?: Record<string, string>): Promise<RunningServer> {
  const server = spawnServer({ dataDir, port: await freePort(), env });
  await waitUntilUp(server);
  return server;
}
