import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import S3rver from 's3rver';
import { s3Storage } from '@/lib/platform/storage/s3';
import type { Storage } from '@/lib/platform/storage';

/** A local S3-compatible server (s3rver) on a free port, its objects in a temporary folder. */
export interface LocalS3 {
  endpoint: string;
  /** The environment a Weft process needs to use it. */
  env(bucket: string): Record<string, string>;
  storage(bucket: string, scratchDir: string): ReturnType<typeof s3Storage>;
  /** Objects put whole (PutObject) so far. */
  readonly puts: number;
  close(): Promise<void>;
}

type KoaContext = {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
};
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * s3rver stores multipart uploads but does not answer three of their operations that
 * @tus/s3-store (and any S3 client resuming an upload) relies on: ListParts, AbortMultipartUpload
 * and ListMultipartUploads. They are answered here from s3rver's own upload folders.
 */
function multipartOperations(uploadsDirOf: (bucket: string) => string): KoaMiddleware {
  return async (ctx, next) => {
    const [, bucket = '', ...keyParts] = ctx.path.split('/');
    const key = keyParts.map(decodeURIComponent).join('/');
    const uploadId = typeof ctx.query.uploadId === 'string' ? ctx.query.uploadId : null;
    const root = uploadsDirOf(bucket);
    if (key && uploadId && (ctx.method === 'GET' || ctx.method === 'DELETE')) {
      const dir = path.join(root, path.basename(uploadId));
      if (!fs.existsSync(dir)) {
        ctx.status = 404;
        ctx.type = 'application/xml';
        ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>`;
        return;
      }
      if (ctx.method === 'DELETE') {
        await fsp.rm(dir, { recursive: true, force: true });
        ctx.status = 204;
        ctx.body = null;
        return;
      }
      const parts = (await fsp.readdir(dir)).filter((n) => /^\d+$/.test(n)).map(Number).sort((x, y) => x - y);
      const entries = await Promise.all(
        parts.map(async (n) => {
          const st = await fsp.stat(path.join(dir, String(n)));
          const md5 = await fsp.readFile(path.join(dir, `${n}.md5`), 'utf8').catch(() => '');
          return `<Part><PartNumber>${n}</PartNumber><LastModified>${st.mtime.toISOString()}</LastModified><ETag>"${md5}"</ETag><Size>${st.size}</Size></Part>`;
        }),
      );
      ctx.status = 200;
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult><Bucket>${xml(bucket)}</Bucket><Key>${xml(key)}</Key><UploadId>${xml(uploadId)}</UploadId><IsTruncated>false</IsTruncated>${entries.join('')}</ListPartsResult>`;
      return;
    }
    if (!key && ctx.method === 'GET' && 'uploads' in ctx.query) {
      const prefix = typeof ctx.query.prefix === 'string' ? ctx.query.prefix : '';
      const uploads: string[] = [];
      for (const id of await fsp.readdir(root).catch(() => [] as string[])) {
        const k = await fsp.readFile(path.join(root, id, 'key'), 'utf8').catch(() => null);
        if (k === null || !k.startsWith(prefix)) continue;
        const st = await fsp.stat(path.join(root, id));
        uploads.push(`<Upload><Key>${xml(k)}</Key><UploadId>${xml(id)}</UploadId><Initiated>${st.birthtime.toISOString()}</Initiated></Upload>`);
      }
      ctx.status = 200;
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult><Bucket>${xml(bucket)}</Bucket><IsTruncated>false</IsTruncated>${uploads.join('')}</ListMultipartUploadsResult>`;
      return;
    }
    await next();
  };
}

export async function startLocalS3(dir: string, listenPort = 0): Promise<LocalS3> {
  fs.mkdirSync(dir, { recursive: true });
  const server = new S3rver({ port: listenPort, address: '127.0.0.1', silent: true, directory: dir, allowMismatchedSignatures: false });
  server.middleware.unshift(multipartOperations((bucket) => server.store.getResourcePath(bucket, undefined, 'uploads')));
  let puts = 0;
  server.middleware.unshift((async (ctx: KoaContext, next: () => Promise<void>) => {
    // a PutObject: PUT on a key, not a part of a multipart upload, not a bucket
    if (ctx.method === 'PUT' && ctx.path.split('/').filter(Boolean).length > 1 && ctx.query.partNumber === undefined) puts += 1;
    await next();
  }) as never);
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    get puts() {
      return puts;
    },
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
      s3Storage({ endpoint, bucket, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, scratchDir }),
    close: () => server.close(),
  };
}

/** Puts a copy of a local file at `key`. */
export async function putCopy(storage: Storage, key: string, file: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.copy`;
  await fsp.copyFile(file, tmp);
  await storage.objects.putFile(key, tmp);
}

export async function readObject(storage: Storage, key: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of await storage.objects.read(key)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

export async function readObjectText(storage: Storage, key: string): Promise<string> {
  return (await readObject(storage, key)).toString('utf8');
}

/** The key of a file next to `key` ("…/master.m3u8" + "720p/index.m3u8"). */
export function siblingKey(key: string, relative: string): string {
  return path.posix.join(path.posix.dirname(key), relative);
}
