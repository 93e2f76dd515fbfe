import { Readable } from 'node:stream';
import { WeftError } from '../errors';
import { isSafeKey, type Storage } from '../storage';
import { checkSignature, signedQuery, signPlaylist } from '../streaming/signing';
import { asVideoId } from '../api/enums';

async function readAll(storage: Storage, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of storage.read(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
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
 * The media origin: published video outputs only (never raw uploads), each request carrying a
 * signature scoped to its video (see streaming/signing); content types, Range and cache headers.
 */
export async function serveMedia(storage: Storage, key: string, req: Request, signingKey: string): Promise<Response> {
  const parts = key.split('/');
  const videoId = asVideoId(parts[1] ?? '');
  if (!videoId || !isSafeKey(key) || parts[0] !== 'videos' || parts.length < 4) throw new WeftError('not_found', 'No such media file.');
  // The signature is checked before anything about the file is revealed.
  const url = new URL(req.url);
  const exp = url.searchParams.get('exp');
  const sig = url.searchParams.get('sig');
  const check = checkSignature(signingKey, videoId, exp, sig);
  if (check === 'missing') throw new WeftError('invalid_signature', 'This media URL is not signed. Get one from /api/v1/streams.');
  if (check === 'invalid') throw new WeftError('invalid_signature', 'This media URL has a wrong signature.');
  if (check === 'expired') throw new WeftError('invalid_signature', 'This media URL has expired. Reload the page.');
  const type = contentTypeOf(key);
  if (!type) throw new WeftError('not_found', 'No such media file.');
  const info = await storage.stat(key);
  if (!info) throw new WeftError('not_found', 'No such media file.');
  const playlist = key.endsWith('.m3u8');
  const headers: Record<string, string> = {
    'content-type': type,
    // cacheable by a CDN in front: a version's files never change (immutable); playlists change
    // while lower rungs are made, so they are short-lived. The signature is checked here and is
    // not part of what a cache must vary on (a CDN's cache key can leave the query out).
    'cache-control': playlist ? 'public, max-age=10' : 'public, max-age=31536000, immutable',
    'access-control-allow-origin': '*',
  };
  if (playlist) {
    // nested playlists and segments inherit this request's signature
    const text = await readAll(storage, key);
    const body = signPlaylist(text, signedQuery({ exp: Number(exp), sig: sig ?? '' }));
    return new Response(req.method === 'HEAD' ? null : body, { status: 200, headers });
  }
  const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
  headers.etag = etag;
  headers['accept-ranges'] = 'bytes';
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
