import { Transform, pipeline, type Readable } from 'node:stream';
import { S3Store } from '@tus/s3-store';
import type { DataStore, KvStore } from '@tus/server';
import { log } from '../../log';
import type { GrowingObject, UploadStore } from '../types';
import { UPLOADS_PREFIX, type S3Objects } from './objects';

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
        if (typeof input.Key === 'string') input.Key = UPLOADS_PREFIX + input.Key;
        if (context.commandName === 'ListMultipartUploadsCommand') input.Prefix = UPLOADS_PREFIX;
        for (const o of input.Delete?.Objects ?? []) if (o.Key) o.Key = UPLOADS_PREFIX + o.Key;
        const result = await next(args);
        const output = result.output as { Uploads?: Array<{ Key?: string }>; NextKeyMarker?: string };
        for (const u of output.Uploads ?? []) if (u.Key?.startsWith(UPLOADS_PREFIX)) u.Key = u.Key.slice(UPLOADS_PREFIX.length);
        if (output.NextKeyMarker?.startsWith(UPLOADS_PREFIX)) output.NextKeyMarker = output.NextKeyMarker.slice(UPLOADS_PREFIX.length);
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
    private readonly objects: S3Objects,
    private readonly key: string,
  ) {}

  private async refresh(): Promise<void> {
    if (Date.now() - this.listedAt < 200) return;
    this.listedAt = Date.now();
    const keys = await this.objects.listWithSizes(`${this.key}.live`);
    this.chunks = keys.map(({ key, size }) => ({ key, size, start: Number(key.slice(key.lastIndexOf('/') + 1)) })).sort((a, b) => a.start - b.start);
    if (this.completeSize === null) {
      // tus writes the whole object only when the upload completes
      const info = await this.objects.stat(this.key);
      if (info) this.completeSize = info.size;
    }
  }

  private async readFrom(key: string, start: number, end: number): Promise<Uint8Array> {
    const body = await this.objects.read(key, { start, end });
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

/** tus uploads in the bucket under `uploads/`, readable while they arrive through their kept chunks. */
export class S3Uploads implements UploadStore {
  constructor(private readonly objects: S3Objects) {}

  keyOf(uploadId: string): string {
    return `${UPLOADS_PREFIX}${uploadId}`;
  }

  datastore(options: { expiryMs: number; isLive?: (uploadId: string) => Promise<boolean> }): DataStore {
    void this.objects.bucketReady().catch((e: unknown) => log.error('media bucket', { error: String(e) }));
    return new WeftS3Store(
      {
        s3ClientConfig: { ...this.objects.clientConfig, bucket: this.objects.bucket },
        partSize: 8 * 1024 * 1024,
        useTags: false,
        cache: new NoCache(),
        expirationPeriodInMilliseconds: options.expiryMs,
      },
      options.isLive ?? (async () => false),
      (id, offset, bytes) => this.objects.put(mirrorKey(this.keyOf(id), offset), bytes),
    );
  }

  openGrowing(uploadId: string): GrowingObject {
    return new GrowingS3Object(this.objects, this.keyOf(uploadId));
  }
}
