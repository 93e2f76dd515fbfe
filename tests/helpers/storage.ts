import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import S3rver from 's3rver';
import { S3Storage } from '@/lib/storage/s3';
import type { Storage } from '@/lib/storage';

/** A local S3-compatible server (s3rver) on a free port, its objects in a temporary folder. */
export interface LocalS3 {
  endpoint: string;
  /** The environment a Weft process needs to use it. */
  env(bucket: string): Record<string, string>;
  storage(bucket: string, scratchDir: string): S3Storage;
  close(): Promise<void>;
}

export async function startLocalS3(dir: string): Promise<LocalS3> {
  fs.mkdirSync(dir, { recursive: true });
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, allowMismatchedSignatures: false });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    env: (bucket) => ({
      WEFT_STORAGE: 's3',
      WEFT_S3_ENDPOINT: endpoint,
      WEFT_S3_BUCKET: bucket,
      WEFT_S3_REGION: 'us-east-1',
      WEFT_S3_ACCESS_KEY_ID: 'S3RVER',
      WEFT_S3_SECRET_ACCESS_KEY: 'S3RVER',
      WEFT_S3_FORCE_PATH_STYLE: 'true',
    }),
    storage: (bucket, scratchDir) =>
      new S3Storage({ endpoint, bucket, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, scratchDir }),
    close: () => server.close(),
  };
}

/** Puts a copy of a local file at `key`. */
export async function putCopy(storage: Storage, key: string, file: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.copy`;
  await fsp.copyFile(file, tmp);
  await storage.putFile(key, tmp);
}

export async function readObject(storage: Storage, key: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of await storage.read(key)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

export async function readObjectText(storage: Storage, key: string): Promise<string> {
  return (await readObject(storage, key)).toString('utf8');
}

/** The key of a file next to `key` ("…/master.m3u8" + "720p/index.m3u8"). */
export function siblingKey(key: string, relative: string): string {
  return path.posix.join(path.posix.dirname(key), relative);
}
