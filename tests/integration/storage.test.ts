import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '@/lib/platform/storage';
import { diskStorage } from '@/lib/platform/storage/disk';
import { readText } from '@/lib/platform/storage/types';
import { tempDir } from '../helpers/databases';
import { startLocalS3, type LocalS3 } from '../helpers/storage';

/**
 * One contract for every storage implementation: the same suite runs on disk and on an S3 bucket
 * (a local S3-compatible server), role by role — objects, uploads, scratch.
 */
const body = async (s: NodeJS.ReadableStream) => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8');
};

for (const kind of ['disk', 's3'] as const) {
  describe(`storage contract [${kind}]`, () => {
    const dir = tempDir(`storage-${kind}`);
    let s3: LocalS3 | null = null;
    let storage: Storage;
    const local = (name: string) => path.join(dir, 'local', name);
    beforeAll(async () => {
      fs.mkdirSync(path.join(dir, 'local'), { recursive: true });
      if (kind === 's3') {
        s3 = await startLocalS3(path.join(dir, 'bucket'));
        storage = s3.storage('weft-contract', path.join(dir, 'scratch'));
      } else storage = diskStorage(path.join(dir, 'media'));
    });
    afterAll(async () => {
      await s3?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('objects: written whole, stated, read whole and by range, listed in order', async () => {
      const { objects } = storage;
      expect(storage.kind).toBe(kind);
      expect(await objects.stat('videos/a/master.m3u8')).toBeNull();
      await objects.writeFile('videos/a/master.m3u8', '#EXTM3U\n');
      await objects.writeFile('videos/a/720p/seg-1.ts', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
      const info = await objects.stat('videos/a/720p/seg-1.ts');
      expect(info?.size).toBe(8);
      expect(info?.etag).toMatch(/^".+"$/);
      expect(await readText(objects, 'videos/a/master.m3u8')).toBe('#EXTM3U\n');
      const part = Buffer.from(await body(await objects.read('videos/a/720p/seg-1.ts', { start: 2, end: 4 })), 'utf8');
      expect([...part]).toEqual([3, 4, 5]);
      expect(await objects.list('videos/a')).toEqual(['videos/a/720p/seg-1.ts', 'videos/a/master.m3u8']);
      expect(await objects.list('videos/none')).toEqual([]);
      // a key that leaves its place is refused before any byte moves
      await expect(objects.writeFile('../escape', 'x')).rejects.toThrow(/unsafe storage key/);
      await expect(objects.stat('videos/../../etc/passwd')).rejects.toThrow(/unsafe storage key/);
    });

    it('objects: a local file put (consumed) or copied (kept); a folder published in place of the old one', async () => {
      const { objects } = storage;
      fs.writeFileSync(local('poster.jpg'), 'jpeg bytes');
      await objects.putFile('videos/b/poster.jpg', local('poster.jpg'));
      expect(fs.existsSync(local('poster.jpg'))).toBe(false);
      expect(await readText(objects, 'videos/b/poster.jpg')).toBe('jpeg bytes');
      if (objects.copyFile) {
        fs.writeFileSync(local('seg.ts'), 'segment');
        await objects.copyFile('videos/b/v1/seg.ts', local('seg.ts'));
        expect(fs.existsSync(local('seg.ts'))).toBe(true);
      }
      // publish: the folder replaces what was at the prefix, playlists and all
      await objects.writeFile('videos/b/v1/old.ts', 'stale');
      const out = local('out');
      fs.mkdirSync(path.join(out, '360p'), { recursive: true });
      fs.writeFileSync(path.join(out, 'master.m3u8'), '#EXTM3U\n#v2');
      fs.writeFileSync(path.join(out, '360p', 'index.m3u8'), '#EXTM3U');
      fs.writeFileSync(path.join(out, 'seg.ts'), 'segment');
      await objects.publishDir(out, 'videos/b/v1', new Set(objects.copyFile ? ['seg.ts'] : []));
      expect(fs.existsSync(out)).toBe(false);
      expect(await objects.list('videos/b/v1')).toEqual(['videos/b/v1/360p/index.m3u8', 'videos/b/v1/master.m3u8', 'videos/b/v1/seg.ts']);
      expect(await readText(objects, 'videos/b/v1/master.m3u8')).toBe('#EXTM3U\n#v2');
    });

    it('objects: tools read them (an input, a local copy); a browser only by a direct URL where the store has one', async () => {
      const { objects } = storage;
      await objects.writeFile('videos/c/v1/index.m3u8', '#EXTM3U\n#c');
      const input = await objects.inputOf('videos/c/v1/index.m3u8', 60);
      if (kind === 'disk') expect(fs.readFileSync(input, 'utf8')).toBe('#EXTM3U\n#c');
      else expect(await (await fetch(input)).text()).toBe('#EXTM3U\n#c');
      const seen = await objects.withLocalCopy('videos/c/v1', async (copy) => fsp.readFile(path.join(copy, 'index.m3u8'), 'utf8'));
      expect(seen).toBe('#EXTM3U\n#c');
      const direct = await objects.directUrl('videos/c/v1/index.m3u8', 60);
      if (kind === 'disk') expect(direct).toBeNull();
      else expect(await (await fetch(direct!)).text()).toBe('#EXTM3U\n#c');
    });

    it('objects: a prefix is deleted with everything under it and its companions, nothing beside it', async () => {
      const { objects } = storage;
      for (const k of ['uploads/u1', 'uploads/u1.info', 'uploads/u1.live/000000000000000', 'uploads/u10', 'videos/d/v1/a.ts']) await objects.writeFile(k, 'x');
      await objects.deletePrefix('uploads/u1');
      expect(await objects.stat('uploads/u1')).toBeNull();
      expect(await objects.stat('uploads/u1.info')).toBeNull();
      expect(await objects.list('uploads/u1.live')).toEqual([]);
      expect(await objects.stat('uploads/u10')).not.toBeNull();
      await objects.deletePrefix('videos/d');
      expect(await objects.list('videos/d')).toEqual([]);
      await objects.deletePrefix('videos/never-there'); // not an error
    });

    it('uploads: kept under uploads/, a tus data store, read while growing and once complete', async () => {
      const { uploads, objects } = storage;
      expect(uploads.keyOf('abc123')).toBe('uploads/abc123');
      const store = uploads.datastore({ expiryMs: 3_600_000 });
      expect(typeof store.create).toBe('function');
      expect(typeof store.write).toBe('function');
      const none = uploads.openGrowing('not-yet');
      expect((await none.read(0, 1024)).length).toBe(0); // nothing arrived yet: no error
      await none.close();
      // a completed upload is an object like any other, and reads through its growing view too
      await objects.writeFile(uploads.keyOf('done1'), 'whole recording');
      const growing = uploads.openGrowing('done1');
      expect(Buffer.from(await growing.read(6, 1024)).toString()).toBe('recording');
      await growing.close();
    });

    it('scratch: fresh folders per label, cleared by label', async () => {
      const { scratch } = storage;
      const a = await scratch.make('process-video-j1');
      const b = await scratch.make('process-video-j1');
      const other = await scratch.make('thumbs-j2');
      expect(new Set([a, b, other]).size).toBe(3);
      for (const d of [a, b, other]) expect(fs.readdirSync(d)).toEqual([]);
      fs.writeFileSync(path.join(a, 'part.ts'), 'x');
      await scratch.clear('process-video-j1');
      expect([fs.existsSync(a), fs.existsSync(b), fs.existsSync(other)]).toEqual([false, false, true]);
    });
  });
}
