// Starts the production build on a fresh embedded data folder for the e2e suite.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const port = process.argv[2] ?? '3210';
const dataDir = path.resolve('.tmp', `e2e-${port}`);
fs.rmSync(dataDir, { recursive: true, force: true });
const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts', '-p', port, '-H', '127.0.0.1'], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: {
    ...process.env,
    WEFT_DATA_DIR: dataDir,
    WEFT_JOB_POLL_MS: '500',
    // insights within seconds of watching
    WEFT_ANALYTICS_ROLLUP_SECONDS: '2',
    // every browser context signs up from 127.0.0.1
    WEFT_SIGNUPS_PER_ADDRESS: '0',
    // the owner's comment notices within seconds
    WEFT_COMMENT_DIGEST_SECONDS: '2',
    // the random-weight Whisper fixture: real loading and decoding, nonsense words
    WEFT_WHISPER_MODEL: path.resolve('tests/fixtures/models/tiny-random-whisper'),
    WEFT_WHISPER_DTYPE: 'fp32',
    WEFT_WHISPER_THREADS: '1',
    WEFT_TRANSCRIBE: process.env.WEFT_TRANSCRIBE ?? 'on',
  },
});
// the server's output goes on to the runner; a leaked-descriptor warning is also kept for e2e/teardown.ts
const leakLog = path.join(dataDir, 'leak-warnings.log');
for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
  from.on('data', (d) => {
    to.write(d);
    for (const line of d.toString().split('\n')) {
      if (/Closing file descriptor \d+ on garbage collection|DEP0137/.test(line)) fs.appendFileSync(leakLog, `${line}\n`);
    }
  });
}
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => process.exit(code ?? 0));
