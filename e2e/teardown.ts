import fs from 'node:fs';
import path from 'node:path';

/** The run fails when the server warned of a file descriptor left to the garbage collector (see e2e/serve.mjs). */
export default function teardown(): void {
  const port = process.env.E2E_PORT ?? '3210';
  const log = path.resolve('.tmp', `e2e-${port}`, 'leak-warnings.log');
  if (fs.existsSync(log)) throw new Error(`the server leaked a file descriptor during the e2e run:\n${fs.readFileSync(log, 'utf8')}`);
}
