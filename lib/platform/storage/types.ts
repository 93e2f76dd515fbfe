import type { Readable } from 'node:stream';
import type { DataStore } from '@tus/server';

export interface ObjectInfo {
  size: number;
  mtimeMs: number;
  /** A strong validator of the bytes (quoted, as in an ETag header). */
  etag: string;
}

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/** The bytes of an upload still in progress, read as they arrive. */
export interface GrowingObject {
  /** Up to `max` bytes from `offset` that have arrived so far (empty: none yet). */
  read(offset: number, max: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * Where media bytes live: a folder on a disk, or an S3 bucket, in three roles a caller takes one
 * of. Keys are slash-separated relative names ("videos/<id>/<version>/master.m3u8"). Nothing
 * outside an implementation sees a path of the media store: tools such as ffmpeg get an input (a
 * file or a short-lived URL), a local copy of a folder, or write into a local scratch folder that
 * is then published. One contract suite (tests/integration/storage.test.ts) runs on both.
 */
export interface Storage {
  readonly kind: 'disk' | 's3';
  /** The media objects: published outputs and finished uploads. */
  readonly objects: ObjectStore;
  /** The tus uploads as they arrive. */
  readonly uploads: UploadStore;
  /** Local work folders. */
  readonly scratch: Scratch;
}

/** Media objects by key. */
export interface ObjectStore {
  stat(key: string): Promise<ObjectInfo | null>;
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Every key under `prefix/`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Writes a small object whole: readers see the old bytes or the new ones, never a part. */
  writeFile(key: string, data: string | Uint8Array): Promise<void>;
  /** Puts one local file at `key` (replacing it whole); the local file is consumed. */
  putFile(key: string, localFile: string): Promise<void>;
  /**
   * Object stores only: puts a local file at `key` and keeps the file, so that segments go up while
   * ffmpeg still writes the next ones. Absent where publishing is a rename (disk).
   */
  copyFile?(key: string, localFile: string): Promise<void>;
  /**
   * Puts a finished local folder at `prefix`, replacing what was there; the local folder is
   * consumed. Files in `uploaded` (paths relative to the folder) were put already (`copyFile`).
   */
  publishDir(localDir: string, prefix: string, uploaded?: ReadonlySet<string>): Promise<void>;
  /** Removes `prefix` as an object, everything under `prefix/`, and an upload's companions (`prefix.*`). */
  deletePrefix(prefix: string): Promise<void>;
  /** Something ffmpeg and ffprobe can open for a key: a file, or a URL valid for `ttlSec`. */
  inputOf(key: string, ttlSec?: number): Promise<string>;
  /** Runs `fn` with a local folder holding the objects under `prefix` (read only; a copy is removed after). */
  withLocalCopy<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T>;
  /** A URL a browser can fetch the object from directly for `ttlSec` (S3), or null (disk: through the media origin). */
  directUrl(key: string, ttlSec: number): Promise<string | null>;
}

/** tus uploads: where they are kept, the tus data store, and reading one while it arrives. */
export interface UploadStore {
  /** The object key of an upload's bytes (once complete, an object like any other). */
  keyOf(uploadId: string): string;
  /**
   * The tus datastore that keeps uploads at `keyOf(id)`. `isLive` tells which uploads the live
   * ingest follows while they arrive (a store that cannot read an upload before it completes keeps
   * their chunks readable).
   */
  datastore(options: { expiryMs: number; isLive?: (uploadId: string) => Promise<boolean> }): DataStore;
  /** An upload still in progress, followed by the live ingest. */
  openGrowing(uploadId: string): GrowingObject;
}

/** Local work folders (ffmpeg writes here before a result is published). */
export interface Scratch {
  /** A fresh folder for work labelled `label`. */
  make(label: string): Promise<string>;
  /** Removes the folders made with this label (left by a worker that died). */
  clear(label: string): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Validates a storage key: relative, no "..", no hidden parts, no odd characters. */
export function isSafeKey(key: string): boolean {
  if (key.length === 0 || key.length > 512) return false;
  return key.split('/').every((part) => SEGMENT.test(part) && !part.includes('..'));
}

const TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  vtt: 'text/vtt; charset=utf-8',
};

/** The media type of an output by its name, or null for names the media origin does not serve. */
export function contentTypeOf(key: string): string | null {
  const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  return TYPES[ext] ?? null;
}

/** A whole small object (a playlist) as text. */
export async function readText(objects: ObjectStore, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await objects.read(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
