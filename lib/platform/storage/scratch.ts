import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Scratch } from './types';

/** Local work folders (ffmpeg writes here before a result is published). */
export class LocalScratch implements Scratch {
  constructor(private readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  private name(label: string): string {
    return label.replace(/[^A-Za-z0-9_-]/g, '_');
  }

  async clear(label: string): Promise<void> {
    const prefix = `${this.name(label)}-`;
    for (const name of await fsp.readdir(this.root).catch(() => [] as string[])) {
      if (name.startsWith(prefix)) await fsp.rm(path.join(this.root, name), { recursive: true, force: true });
    }
  }

  async make(label: string): Promise<string> {
    const dir = path.join(this.root, `${this.name(label)}-${randomUUID().slice(0, 8)}`);
    await fsp.mkdir(dir, { recursive: true });
    return dir;
  }
}
