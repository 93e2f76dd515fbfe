import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { isSafeKey, type ByteRange, type ObjectInfo, type Storage } from './types';

export class DiskStorage implements Storage {
  readonly kind = 'disk' as const;
  readonly uploadsDir: string;
  private readonly scratchRoot: string;

  constructor(private readonly root: string) {
    this.uploadsDir = path.join(root, 'uploads');
    this.scratchRoot = path.join(root, '.scratch');
    fs.mkdirSync(this.uploadsDir, { recursive: true });
    fs.mkdirSync(this.scratchRoot, { recursive: true });
  }

  uploadKey(uploadId: string): string {
    return `uploads/${uploadId}`;
  }

  localPath(key: string): string {
    if (!isSafeKey(key)) throw new Error(`unsafe storage key: ${key}`);
    return path.join(this.root, ...key.split('/'));
  }

  private scratchName(label: string): string {
    return label.replace(/[^A-Za-z0-9_-]/g, '_');
  }

  async clearScratch(label: string): Promise<void> {
    const prefix = `${this.scratchName(label)}-`;
    for (const name of await fsp.readdir(this.scratchRoot).catch(() => [] as string[])) {
      if (name.startsWith(prefix)) await fsp.rm(path.join(this.scratchRoot, name), { recursive: true, force: true });
    }
  }

  async scratchDir(label: string): Promise<string> {
    const dir = path.join(this.scratchRoot, `${this.scratchName(label)}-${randomUUID().slice(0, 8)}`);
    await fsp.mkdir(dir, { recursive: true });
    return dir;
  }

  async publishDir(localDir: string, prefix: string): Promise<void> {
    const target = this.localPath(prefix);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.rm(target, { recursive: true, force: true });
    await fsp.rename(localDir, target);
  }

  async writeFile(key: string, data: string | Uint8Array): Promise<void> {
    const target = this.localPath(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID().slice(0, 8)}.tmp`;
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, target);
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    try {
      const s = await fsp.stat(this.localPath(key));
      return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
    } catch {
      return null;
    }
  }

  read(key: string, range?: ByteRange): Readable {
    return fs.createReadStream(this.localPath(key), range ? { start: range.start, end: range.end } : undefined);
  }

  async deletePrefix(prefix: string): Promise<void> {
    await fsp.rm(this.localPath(prefix), { recursive: true, force: true });
    // tus keeps a metadata file beside each upload
    if (prefix.startsWith('uploads/')) await fsp.rm(`${this.localPath(prefix)}.json`, { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const base = this.localPath(prefix);
    const out: string[] = [];
    const walk = async (dir: string, rel: string) => {
      let entries: fs.Dirent[];
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(path.join(dir, e.name), r);
        else out.push(`${prefix}/${r}`);
      }
    };
    await walk(base, '');
    return out.sort();
  }
}
