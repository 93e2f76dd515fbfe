import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable, pipeline } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { log } from '../../log';
import { contentTypeOf, isSafeKey, type ByteRange, type ObjectInfo, type ObjectStore, type Scratch } from '../types';

export interface S3Settings {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Local folder for scratch work (ffmpeg's outputs before they are uploaded). */
  scratchDir: string;
}

/** Where the tus uploads live in the bucket. */
export const UPLOADS_PREFIX = 'uploads/';
/** How many objects move at once when a folder is published or copied. */
const PARALLEL = 8;
/** Default life of a URL handed to ffmpeg. */
const INPUT_TTL_SECONDS = 6 * 3600;

export function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404;
}

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

async function filesUnder(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fsp.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesUnder(dir, r)));
    else out.push(r);
  }
  return out;
}

/** Media objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2…): the distributed mode. */
export class S3Objects implements ObjectStore {
  readonly client: S3Client;
  readonly clientConfig: S3ClientConfig;
  private ready: Promise<void> | null = null;

  constructor(
    private readonly settings: S3Settings,
    private readonly scratch: Scratch,
  ) {
    this.clientConfig = {
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
      // checksums only where S3 requires them: many S3-compatible stores refuse the newer headers
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    this.client = new S3Client(this.clientConfig);
  }

  get bucket(): string {
    return this.settings.bucket;
  }

  /** The bucket exists (created on first use when the store allows it). */
  async bucketReady(): Promise<void> {
    this.ready ??= (async () => {
      try {
        await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      } catch (e) {
        if (!isNotFound(e)) throw e;
        await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
        log.info('created the media bucket', { bucket: this.bucket });
      }
    })().catch((e: unknown) => {
      this.ready = null;
      throw new Error(`the media bucket "${this.bucket}" cannot be reached: ${e instanceof Error ? e.message : String(e)}`);
    });
    return this.ready;
  }

  private checked(key: string): string {
    if (!isSafeKey(key)) throw new Error(`unsafe storage key: ${key}`);
    return key;
  }

  async inputOf(key: string, ttlSec = INPUT_TTL_SECONDS): Promise<string> {
    await this.bucketReady();
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: this.checked(key) }), { expiresIn: ttlSec });
  }

  async withLocalCopy<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
    const dir = await this.scratch.make('copy');
    try {
      const keys = await this.list(prefix);
      await pool(keys, PARALLEL, async (key) => {
        const file = path.join(dir, ...key.slice(prefix.length + 1).split('/'));
        await fsp.mkdir(path.dirname(file), { recursive: true });
        const body = await this.read(key);
        await new Promise<void>((resolve, reject) => pipeline(body, fs.createWriteStream(file), (e) => (e ? reject(e) : resolve())));
      });
      return await fn(dir);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  }

  /** Puts bytes at `key` (a live upload's kept chunks use it too). */
  async put(key: string, body: Buffer | Readable, size?: number): Promise<void> {
    await this.bucketReady();
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.checked(key),
        Body: body,
        ContentLength: size ?? (Buffer.isBuffer(body) ? body.length : undefined),
        ContentType: contentTypeOf(key) ?? 'application/octet-stream',
      }),
    );
  }

  async publishDir(localDir: string, prefix: string, uploaded: ReadonlySet<string> = new Set()): Promise<void> {
    this.checked(prefix);
    const files = await filesUnder(localDir);
    const toPut = files.filter((f) => !uploaded.has(f));
    // playlists last: a reader that sees a playlist finds every segment it names
    const [playlists, rest] = [toPut.filter((f) => f.endsWith('.m3u8')), toPut.filter((f) => !f.endsWith('.m3u8'))];
    const before = new Set(await this.list(prefix));
    for (const group of [rest, playlists]) {
      await pool(group, PARALLEL, (rel) => this.putFile(`${prefix}/${rel}`, path.join(localDir, rel)));
    }
    for (const rel of files) before.delete(`${prefix}/${rel}`);
    await this.deleteKeys([...before]);
    await fsp.rm(localDir, { recursive: true, force: true });
  }

  async putFile(key: string, localFile: string): Promise<void> {
    await this.copyFile(key, localFile);
    await fsp.rm(localFile, { force: true });
  }

  async copyFile(key: string, localFile: string): Promise<void> {
    const { size } = await fsp.stat(localFile);
    await this.put(key, fs.createReadStream(localFile), size);
  }

  async writeFile(key: string, data: string | Uint8Array): Promise<void> {
    await this.put(key, Buffer.from(data));
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    await this.bucketReady();
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.checked(key) }));
      return { size: head.ContentLength ?? 0, mtimeMs: head.LastModified?.getTime() ?? 0, etag: head.ETag ?? `"${head.ContentLength ?? 0}"` };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    await this.bucketReady();
    const res = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.checked(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
    );
    const body = res.Body;
    if (body instanceof Readable) return body;
    const out = new PassThrough();
    out.end();
    return out;
  }

  async directUrl(key: string, ttlSec: number): Promise<string | null> {
    return this.inputOf(key, ttlSec);
  }

  async listWithSizes(prefix: string): Promise<Array<{ key: string; size: number }>> {
    await this.bucketReady();
    const out: Array<{ key: string; size: number }> = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${prefix}/`, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async list(prefix: string): Promise<string[]> {
    return (await this.listWithSizes(this.checked(prefix))).map((o) => o.key);
  }

  private async deleteKeys(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    await this.bucketReady();
    this.checked(prefix);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const k = o.Key ?? '';
        if (k === prefix || k.startsWith(`${prefix}/`) || k.startsWith(`${prefix}.`)) keys.push(k);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    await this.deleteKeys(keys);
    if (prefix.startsWith(UPLOADS_PREFIX)) {
      // an upload removed before it completed: its multipart upload goes too
      const open = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix }));
      for (const u of open.Uploads ?? []) {
        if (u.Key === prefix) await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: u.Key, UploadId: u.UploadId }));
      }
    }
  }
}
