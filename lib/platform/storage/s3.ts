import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable, Transform, pipeline } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  AbortMultipartUploadCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { S3Store } from '@tus/s3-store';
import type { DataStore, KvStore } from '@tus/server';
import { log } from '../log';
import { ScratchSpace } from './disk';
import { contentTypeOf, isSafeKey, type ByteRange, type GrowingObject, type ObjectInfo, type Storage } from './types';

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

/** Where the uploads of the tus store live in the bucket. */
const UPLOADS = 'uploads/';
/** How many objects move at once when a folder is published or copied. */
const PARALLEL = 8;
/** Default life of a URL handed to ffmpeg. */
const INPUT_TTL_SECONDS = 6 * 3600;

function isNotFound(e: unknown): boolean {
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

/** The tus store never caches an upload's metadata: another web node may change it (a resumed upload). */
class NoCache<T> implements KvStore<T> {
  async get(): Promise<T | undefined> {
    return undefined;
  }
  async set(): Promise<void> {}
  async delete(): Promise<void> {}
  async list(): Promise<string[]> {
    return [];
  }
}

/** The key of a live upload's mirrored chunk at a byte offset (sorted by name = by offset). */
function mirrorKey(uploadKey: string, offset: number): string {
  return `${uploadKey}.live/${String(offset).padStart(15, '0')}`;
}

/**
 * @tus/s3-store, with every upload under `uploads/` and, for a recording uploaded while it runs, each
 * received chunk also kept as its own object: the parts of an S3 multipart upload cannot be read
 * before it completes, and the live ingest follows the recording as it arrives.
 */
class WeftS3Store extends S3Store {
  constructor(
    options: ConstructorParameters<typeof S3Store>[0],
    private readonly isLive: (id: string) => Promise<boolean>,
    private readonly keepChunk: (id: string, offset: number, bytes: Buffer) => Promise<void>,
  ) {
    super(options);
    this.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: string; Prefix?: string; Delete?: { Objects?: Array<{ Key?: string }> } };
        if (typeof input.Key === 'string') input.Key = UPLOADS + input.Key;
        if (context.commandName === 'ListMultipartUploadsCommand') input.Prefix = UPLOADS;
        for (const o of input.Delete?.Objects ?? []) if (o.Key) o.Key = UPLOADS + o.Key;
        const result = await next(args);
        const output = result.output as { Uploads?: Array<{ Key?: string }>; NextKeyMarker?: string };
        for (const u of output.Uploads ?? []) if (u.Key?.startsWith(UPLOADS)) u.Key = u.Key.slice(UPLOADS.length);
        if (output.NextKeyMarker?.startsWith(UPLOADS)) output.NextKeyMarker = output.NextKeyMarker.slice(UPLOADS.length);
        return result;
      },
      { step: 'initialize', name: 'weftUploadsPrefix' },
    );
  }

  override async write(src: Readable, id: string, offset: number): Promise<number> {
    if (!(await this.isLive(id).catch(() => false))) return super.write(src, id, offset);
    const chunks: Buffer[] = [];
    const keep = new Transform({
      transform(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        done(null, chunk);
      },
    });
    pipeline(src, keep, () => undefined);
    const end = await super.write(keep, id, offset);
    const bytes = Buffer.concat(chunks).subarray(0, Math.max(0, end - offset));
    // a chunk that could not be kept leaves a gap: the follower then waits for the complete object
    if (bytes.length > 0) await this.keepChunk(id, offset, bytes).catch((e: unknown) => log.warn('keeping a live chunk failed', { id, error: String(e) }));
    return end;
  }
}

/** An upload in progress, read from its kept chunks, or from the object once the upload is complete. */
class GrowingS3Object implements GrowingObject {
  private chunks: Array<{ start: number; size: number; key: string }> = [];
  private listedAt = 0;
  private completeSize: number | null = null;

  constructor(
    private readonly storage: S3Storage,
    private readonly key: string,
  ) {}

  private async refresh(): Promise<void> {
    if (Date.now() - this.listedAt < 200) return;
    this.listedAt = Date.now();
    const keys = await this.storage.listWithSizes(`${this.key}.live`);
    this.chunks = keys.map(({ key, size }) => ({ key, size, start: Number(key.slice(key.lastIndexOf('/') + 1)) })).sort((a, b) => a.start - b.start);
    if (this.completeSize === null) {
      // tus writes the whole object only when the upload completes
      const info = await this.storage.stat(this.key);
      if (info) this.completeSize = info.size;
    }
  }

  private async readFrom(key: string, start: number, end: number): Promise<Uint8Array> {
    const body = await this.storage.read(key, { start, end });
    const parts: Buffer[] = [];
    for await (const c of body) parts.push(c as Buffer);
    return Buffer.concat(parts);
  }

  async read(offset: number, max: number): Promise<Uint8Array> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const chunk = this.chunks.find((c) => c.start <= offset && offset < c.start + c.size);
      if (chunk) {
        const from = offset - chunk.start;
        return this.readFrom(chunk.key, from, Math.min(chunk.size, from + max) - 1);
      }
      if (this.completeSize !== null && offset < this.completeSize) {
        return this.readFrom(this.key, offset, Math.min(this.completeSize, offset + max) - 1);
      }
      if (attempt === 0) await this.refresh();
    }
    return new Uint8Array(0);
  }

  async close(): Promise<void> {
    this.chunks = [];
  }
}

/** Media in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2…): the distributed mode. */
export class S3Storage implements Storage {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  private readonly scratch: ScratchSpace;
  private readonly clientConfig: S3ClientConfig;
  private ready: Promise<void> | null = null;

  constructor(private readonly settings: S3Settings) {
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
    this.scratch = new ScratchSpace(settings.scratchDir);
  }

  get bucket(): string {
    return this.settings.bucket;
  }

  /** The bucket exists (created on first use when the store allows it). */
  private async bucketReady(): Promise<void> {
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

  uploadKey(uploadId: string): string {
    return `${UPLOADS}${uploadId}`;
  }

  tusDatastore(options: { expiryMs: number; isLive?: (uploadId: string) => Promise<boolean> }): DataStore {
    void this.bucketReady().catch((e: unknown) => log.error('media bucket', { error: String(e) }));
    return new WeftS3Store(
      {
        s3ClientConfig: { ...this.clientConfig, bucket: this.bucket },
        partSize: 8 * 1024 * 1024,
        useTags: false,
        cache: new NoCache(),
        expirationPeriodInMilliseconds: options.expiryMs,
      },
      options.isLive ?? (async () => false),
      (id, offset, bytes) => this.put(mirrorKey(this.uploadKey(id), offset), bytes),
    );
  }

  openGrowing(uploadId: string): GrowingObject {
    return new GrowingS3Object(this, this.uploadKey(uploadId));
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

  clearScratch(label: string): Promise<void> {
    return this.scratch.clear(label);
  }

  scratchDir(label: string): Promise<string> {
    return this.scratch.make(label);
  }

  private async put(key: string, body: Buffer | Readable, size?: number): Promise<void> {
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
    if (prefix.startsWith(UPLOADS)) {
      // an upload removed before it completed: its multipart upload goes too
      const open = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix }));
      for (const u of open.Uploads ?? []) {
        if (u.Key === prefix) await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: u.Key, UploadId: u.UploadId }));
      }
    }
  }
}
