import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program, collecting output; killed when the signal aborts. */
export function runProcess(
  cmd: string,
  args: string[],
  opts: { signal?: AbortSignal; onStdoutLine?: (line: string) => void; maxStderr?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
      else resolve({ code, stdout, stderr });
    });
  });
}
