import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import type { DataStore } from '@tus/server';
import { LocalScratch } from './scratch';
import { isSafeKey, type ByteRange, type GrowingObject, type ObjectInfo, type ObjectStore, type Storage, type UploadStore } from './types';

/** The file of an upload in progress, read as the tus file store appends to it. */
export class GrowingFile implements GrowingObject {
  // one open at a time (two reads racing must not open two handles), none after close
  private opening: Promise<fsp.FileHandle | null> | null = null;
  private closed = false;
  constructor(private readonly file: string) {}

  async read(offset: number, max: number): Promise<Uint8Array> {
    if (this.closed) return new Uint8Array(0);
    if (!this.opening) {
      const opening = fsp.open(this.file, 'r').catch(() => null);
      this.opening = opening;
      // not there yet (the upload has not written its first byte): try again on the next read
      void opening.then((h) => {
        if (!h && this.opening === opening) this.opening = null;
      });
    }
    const handle = await this.opening;
    if (!handle || this.closed) return new Uint8Array(0);
    const available = (await handle.stat()).size - offset;
    if (available <= 0) return new Uint8Array(0);
    // a fresh buffer per read: the consumer may still hold the previous one
    const buf = Buffer.allocUnsafe(Math.min(available, max));
    const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
    return buf.subarray(0, bytesRead);
  }

  async close(): Promise<void> {
    this.closed = true;
    const handle = await this.opening;
    this.opening = null;
    await handle?.close().catch(() => undefined);
  }
}

/** Media objects in a folder: the embedded default, or a folder shared by every node. */
export class DiskObjects implements ObjectStore {
  constructor(private readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  /** The file of a key (inside the folder, whatever the key says). */
  pathOf(key: string): string {
    if (!isSafeKey(key)) throw new Error(`unsafe storage key: ${key}`);
    return path.join(this.root, ...key.split('/'));
  }

  async inputOf(key: string): Promise<string> {
    return this.pathOf(key);
  }

  async withLocalCopy<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
    // the folder itself: on one volume, a copy would only cost time
    return fn(this.pathOf(prefix));
  }

  async publishDir(localDir: string, prefix: string): Promise<void> {
    const target = this.pathOf(prefix);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const existing = await fsp.stat(target).catch(() => null);
    if (!existing) {
      await moveOrCopy(localDir, target);
      return;
    }
    // a folder people may be reading (a recording watched while it went on): file by file, each
    // replaced at once, playlists last — a reader never finds a file missing
    const files = (await fsp.readdir(localDir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => path.relative(localDir, path.join(d.parentPath, d.name)));
    const ordered = [...files].sort((a, b) => rank(a) - rank(b));
    const keep = new Set(files);
    for (const rel of ordered) {
      const to = path.join(target, rel);
      await fsp.mkdir(path.dirname(to), { recursive: true });
      const tmp = `${to}.${randomUUID().slice(0, 8)}.tmp`;
      await moveOrCopy(path.join(localDir, rel), tmp);
      await fsp.rename(tmp, to);
    }
    for (const d of await fsp.readdir(target, { recursive: true, withFileTypes: true })) {
      const rel = path.relative(target, path.join(d.parentPath, d.name));
      if (d.isFile() && !keep.has(rel)) await fsp.rm(path.join(target, rel), { force: true });
    }
    await fsp.rm(localDir, { recursive: true, force: true });
  }

  async putFile(key: string, localFile: string): Promise<void> {
    const target = this.pathOf(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID().slice(0, 8)}.tmp`;
    await moveOrCopy(localFile, tmp);
    await fsp.rename(tmp, target);
  }

  async writeFile(key: string, data: string | Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID().slice(0, 8)}.tmp`;
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, target);
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    const file = this.pathOf(key); // an unsafe key is an error, not an absent object
    try {
      const s = await fsp.stat(file);
      if (!s.isFile()) return null;
      return { size: s.size, mtimeMs: s.mtimeMs, etag: `"${s.size.toString(36)}-${Math.floor(s.mtimeMs).toString(36)}"` };
    } catch {
      return null;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    return fs.createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : undefined);
  }

  async directUrl(): Promise<string | null> {
    return null;
  }

  async deletePrefix(prefix: string): Promise<void> {
    const target = this.pathOf(prefix);
    await fsp.rm(target, { recursive: true, force: true });
    // and its companions (`prefix.*`): tus keeps a metadata file beside each upload
    const base = `${path.basename(target)}.`;
    for (const name of await fsp.readdir(path.dirname(target)).catch(() => [] as string[])) {
      if (name.startsWith(base)) await fsp.rm(path.join(path.dirname(target), name), { recursive: true, force: true });
    }
  }

  async list(prefix: string): Promise<string[]> {
    const base = this.pathOf(prefix);
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


/** tus uploads as files under `uploads/` (the tus file store), read as they grow. */
export class DiskUploads implements UploadStore {
  private readonly dir: string;

  constructor(private readonly objects: DiskObjects) {
    this.dir = objects.pathOf('uploads');
    fs.mkdirSync(this.dir, { recursive: true });
  }

  keyOf(uploadId: string): string {
    return `uploads/${uploadId}`;
  }

  datastore(options: { expiryMs: number }): DataStore {
    return new FileStore({ directory: this.dir, expirationPeriodInMilliseconds: options.expiryMs });
  }

  openGrowing(uploadId: string): GrowingObject {
    return new GrowingFile(this.objects.pathOf(this.keyOf(uploadId)));
  }
}

/** Disk storage: objects and uploads in `root`, scratch work in `root/.scratch`. */
export function diskStorage(root: string): Storage {
  const objects = new DiskObjects(root);
  return { kind: 'disk', objects, uploads: new DiskUploads(objects), scratch: new LocalScratch(path.join(root, '.scratch')) };
}

/** A rename, or a copy when the scratch folder is on another volume. */
/** Publishing order: segments and images, then rung playlists, then top-level playlists (the master). */
function rank(rel: string): number {
  if (!rel.endsWith('.m3u8')) return 0;
  return rel.includes('/') ? 1 : 2;
}

async function moveOrCopy(from: string, to: string): Promise<void> {
  try {
    await fsp.rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await fsp.cp(from, to, { recursive: true });
    await fsp.rm(from, { recursive: true, force: true });
  }
}
