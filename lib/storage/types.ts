import type { Readable } from 'node:stream';

export interface ObjectInfo {
  size: number;
  mtimeMs: number;
}

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * Where media bytes live. Keys are slash-separated relative paths ("videos/<id>/<version>/master.m3u8").
 * Disk today; an S3 implementation fits the same shape (publish = upload a folder, then switch the DB row).
 */
export interface Storage {
  readonly kind: 'disk';
  /** Folder handed to the tus file store for incoming uploads. */
  readonly uploadsDir: string;
  /** Storage key of a tus upload's bytes. */
  uploadKey(uploadId: string): string;
  /** A local file path for a key, for tools such as ffmpeg that read files. */
  localPath(key: string): string;
  /** A fresh scratch folder on the same volume as the media, for work in progress. */
  scratchDir(label: string): Promise<string>;
  /** Removes scratch folders made with this label (left by a worker that died). */
  clearScratch(label: string): Promise<void>;
  /** Moves a finished local folder to `prefix` in one step (readers never see it half-written). */
  publishDir(localDir: string, prefix: string): Promise<void>;
  /** Writes a small object whole: readers see the old bytes or the new ones, never a part. */
  writeFile(key: string, data: string | Uint8Array): Promise<void>;
  stat(key: string): Promise<ObjectInfo | null>;
  read(key: string, range?: ByteRange): Readable;
  deletePrefix(prefix: string): Promise<void>;
  list(prefix: string): Promise<string[]>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Validates a storage key: relative, no "..", no hidden parts, no odd characters. */
export function isSafeKey(key: string): boolean {
  if (key.length === 0 || key.length > 512) return false;
  return key.split('/').every((part) => SEGMENT.test(part) && !part.includes('..'));
}
