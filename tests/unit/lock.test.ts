import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '@/lib/platform/db/lock';
import { tempDir } from '../helpers/databases';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = tempDir('lock');
  dirs.push(d);
  return d;
}

/** Another process that takes the lock and says so, then waits to be killed. */
function holder(d: string) {
  const script = `
    import { lockDataDir } from ${JSON.stringify(path.resolve('lib/platform/db/lock.ts'))};
    await lockDataDir(${JSON.stringify(d)});
    process.stdout.write('locked ' + process.pid + '\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /locked (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => reject(new Error(`holder exited ${code}: ${out}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, ready, exited };
}

describe('the embedded data folder lock', () => {
  it('refuses a second live process, naming its pid', async () => {
    const d = dir();
    const h = holder(d);
    const pid = await h.ready;
    const err = await lockDataDir(d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toContain(`(pid ${pid})`);
    h.child.kill('SIGKILL');
    await h.exited;
  });

  it('after kill -9 the folder can be locked again at once — whatever pid the lock file names', async () => {
    const d = dir();
    for (let round = 0; round < 3; round++) {
      const h = holder(d);
      await h.ready;
      h.child.kill('SIGKILL'); // no exit hooks run
      await h.exited;
      // the dead holder's pid now "belongs" to us, or to another live process: neither matters
      fs.writeFileSync(path.join(d, 'weft.lock'), round === 0 ? `${process.pid}\n` : round === 1 ? `${process.ppid}\n` : '1\n');
      const started = Date.now();
      const lock = await lockDataDir(d);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(fs.readFileSync(path.join(d, 'weft.lock'), 'utf8').trim()).toBe(String(process.pid));
      lock.release();
    }
  });

  it('refuses a second open in the same process, and a released lock can be taken again', async () => {
    const d = dir();
    const lock = await lockDataDir(d);
    await expect(lockDataDir(d)).rejects.toBeInstanceOf(DataDirLockedError);
    lock.release();
    const again = await lockDataDir(d);
    again.release();
  });

  it('one lock per folder, even when named by different paths', async () => {
    const d = dir();
    const link = `${d}-link`;
    fs.symlinkSync(d, link);
    dirs.push(link);
    const lock = await lockDataDir(d);
    await expect(lockDataDir(link)).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(lockDataDir(`${d}/./`)).rejects.toBeInstanceOf(DataDirLockedError);
    lock.release();
  });
});
