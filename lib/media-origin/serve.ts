import { Readable } from 'node:stream';
import { WeftError } from '../errors';
import { isSafeKey, type Storage } from '../storage';

const TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  vtt: 'text/vtt; charset=utf-8',
};

export function contentTypeOf(key: string): string | null {
  const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  return TYPES[ext] ?? null;
}

/** Parses a single `bytes=` range against a size; null = whole file; 'invalid' = 416. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

/**
 * The media origin: published video outputs only (never raw uploads), with content types, Range
 * and cache headers. Output folders are versioned, so their files are immutable.
 */
export async function serveMedia(storage: Storage, key: string, req: Request): Promise<Response> {
  if (!isSafeKey(key) || !key.startsWith('videos/')) throw new WeftError('not_found', 'No such media file.');
  const type = contentTypeOf(key);
  if (!type) throw new WeftError('not_found', 'No such media file.');
  const info = await storage.stat(key);
  if (!info) throw new WeftError('not_found', 'No such media file.');
  const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
  const headers: Record<string, string> = {
    'content-type': type,
    'accept-ranges': 'bytes',
    etag,
    'cache-control': 'public, max-age=31536000, immutable',
    'access-control-allow-origin': '*',
  };
  if (req.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const range = parseRange(req.headers.get('range'), info.size);
  if (range === 'invalid') {
    return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${info.size}` } });
  }
  const head = req.method === 'HEAD';
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${info.size}`;
    headers['content-length'] = String(range.end - range.start + 1);
    const body = head ? null : (Readable.toWeb(storage.read(key, range)) as ReadableStream<Uint8Array>);
    return new Response(body, { status: 206, headers });
  }
  headers['content-length'] = String(info.size);
  const body = head ? null : (Readable.toWeb(storage.read(key)) as ReadableStream<Uint8Array>);
  return new Response(body, { status: 200, headers });
}
