import { spawn, type ChildProcessByStdio } from 'node:child_process';
import os from 'node:os';
import type { Readable, Writable } from 'node:stream';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program, collecting output; killed when the signal aborts. */
export function runProcess(
  cmd: string,
  args: string[],
  opts: {
    signal?: AbortSignal;
    onStdoutLine?: (line: string) => void;
    maxStderr?: number;
    /** Writes the program's standard input (and ends it); a failure kills the program. */
    feed?: (stdin: Writable) => Promise<void>;
    /** Scheduling niceness (0–19): background work yields the CPU to the web server and to first renditions. */
    nice?: number;
  } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [opts.feed ? 'pipe' : 'ignore', 'pipe', 'pipe'] }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
    if (opts.nice && child.pid) {
      try {
        os.setPriority(child.pid, opts.nice);
      } catch {
        // not permitted here: the program runs at normal priority
      }
    }
    let feedError: Error | null = null;
    if (opts.feed && child.stdin) {
      const stdin = child.stdin;
      stdin.on('error', () => undefined); // EPIPE when the program exits first: its exit code tells
      opts.feed(stdin).then(
        () => stdin.end(),
        (e: unknown) => {
          feedError = e instanceof Error ? e : new Error(String(e));
          child.kill('SIGKILL');
        },
      );
    }
    let stdout = '';
    let stderr = '';
    let partial = '';
    const maxStderr = opts.maxStderr ?? 64 * 1024;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (opts.onStdoutLine) {
        partial += d;
        const lines = partial.split('\n');
        partial = lines.pop() ?? '';
        for (const l of lines) opts.onStdoutLine(l);
      } else {
        stdout += d;
      }
    });
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-maxStderr);
    });
    const onAbort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new Error(`could not run ${cmd}: ${e.message}`));
    });
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (opts.signal?.aborted) reject(opts.signal.reason instanceof Error ? opts.signal.reason : new Error('aborted'));
      else if (feedError) reject(feedError);
      else resolve({ code, stdout, stderr });
    });
  });
}
