import { Readable } from 'node:stream';
import { WeftError } from '../platform/errors';
import { contentTypeOf, isSafeKey, readText, type Storage } from '../platform/storage';
import { judgeSignature, signatureParams, signedQuery, signPlaylist, verifySignature, type MediaSignature } from './stream/signing';
import { asVideoId, type VideoId } from '../shared/api/enums';
import { systemClock, type Clock } from '../platform/clock';

export { contentTypeOf };

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

/** How long an edge may keep a playlist (it changes while rungs are made, and it carries the signature on). */
export const EDGE_PLAYLIST_SECONDS = 2;
/** How long an edge may keep a segment or an image for one signed URL (a version's files never change). */
export const EDGE_FILE_SECONDS = 30;

/** `proxy`: every byte through the origin; `direct`: segments and images from the bucket by presigned URL. */
export type MediaDelivery = 'proxy' | 'direct';

/** Rewrites a media playlist so that its segments (not nested playlists) are fetched from the bucket. */
async function directPlaylist(storage: Storage, key: string, text: string, query: string, ttlSec: number): Promise<string> {
  const base = key.slice(0, key.lastIndexOf('/') + 1);
  const direct = async (uri: string): Promise<string> => {
    const target = uri.includes('://') || uri.includes('?') || uri.endsWith('.m3u8') ? null : normalizeKey(base + uri);
    return (target && (await storage.objects.directUrl(target, ttlSec))) || signPlaylist(uri, query);
  };
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t !== '' && !t.startsWith('#')) {
      out.push(await direct(t));
      continue;
    }
    const m = /URI="([^"]+)"/.exec(line);
    out.push(m?.[1] ? line.replace(m[0], `URI="${await direct(m[1])}"`) : line);
  }
  return out.join('\n');
}

/**
 * A playlist as the origin serves it under a request's signature: nested playlists and segments
 * inherit the signature (or, with `direct` delivery, segments get presigned bucket URLs). The page
 * that brings its playlists along (lib/watch/player) uses the same text.
 */
export async function servedPlaylist(storage: Storage, key: string, signed: URLSearchParams, delivery: MediaDelivery, ttlSec: number): Promise<string> {
  const params = signatureParams(signed);
  const text = await readText(storage.objects, key);
  const query = signedQuery({ exp: Number(params.exp), ep: Number(params.ep), sc: params.sc as MediaSignature['sc'], sig: params.sig ?? '' });
  return delivery === 'direct' ? directPlaylist(storage, key, text, query, ttlSec) : signPlaylist(text, query);
}

/** A media playlist that is not complete yet (a recording going on). */
export function isGrowing(text: string): boolean {
  return text.includes('#EXTINF') && !text.includes('#EXT-X-ENDLIST');
}

/** "a/b/../c" → "a/c"; null when it leaves the root or is not a safe key. */
function normalizeKey(key: string): string | null {
  const parts: string[] = [];
  for (const p of key.split('/')) {
    if (p === '..') {
      if (!parts.pop()) return null;
    } else if (p !== '.' && p !== '') parts.push(p);
  }
  const k = parts.join('/');
  return isSafeKey(k) ? k : null;
}

/**
 * The media origin: published video outputs only (never raw uploads), each request carrying a
 * signature that covers it under the video's current access (see streaming/signing); content
 * types, Range and cache headers.
 * With `direct` delivery it still serves the playlists (they carry the signatures) and sends
 * every other request to the bucket by a presigned URL that ends when the signature does.
 */
export interface MediaAccess {
  /** What time it is (a URL's expiry). */
  clock?: Clock;
  signingKey: string;
  /** The video's current access epoch (null: deleted); read through a short cache (`seen`: the epoch of a genuine signature). */
  epochOf(videoId: VideoId, seen: number): Promise<number | null>;
}

export async function serveMedia(storage: Storage, key: string, req: Request, access: MediaAccess, delivery: MediaDelivery = 'proxy'): Promise<Response> {
  const parts = key.split('/');
  const videoId = asVideoId(parts[1] ?? '');
  if (!videoId || !isSafeKey(key) || parts[0] !== 'videos' || parts.length < 4) throw new WeftError('not_found', 'No such media file.');
  // The signature is checked before anything about the file is revealed.
  const url = new URL(req.url);
  const params = signatureParams(url.searchParams);
  const exp = params.exp;
  // the signature first (no database read for a forged one), then the video's current access
  const genuine = verifySignature(access.signingKey, videoId, key, params);
  const now = (access.clock ?? systemClock).now();
  const check = genuine.ok ? judgeSignature(genuine.epoch, Number(exp), await access.epochOf(videoId, genuine.epoch), now) : genuine.why;
  if (check === 'missing') throw new WeftError('invalid_signature', 'This media URL is not signed. Get one from /api/v1/streams.');
  if (check === 'invalid') throw new WeftError('invalid_signature', 'This media URL has a wrong signature, or it was not issued for this file.');
  if (check === 'revoked') throw new WeftError('invalid_signature', 'Access to this video has changed since this URL was issued. Reload the page.');
  if (check === 'expired') throw new WeftError('invalid_signature', 'This media URL has expired. Reload the page.');
  const type = contentTypeOf(key);
  if (!type) throw new WeftError('not_found', 'No such media file.');
  const playlist = key.endsWith('.m3u8');
  const headers: Record<string, string> = {
    'content-type': type,
    // A CDN in front keys its cache on the whole URL, signature included (README, CDNs): a request
    // without a valid signature is never answered from an edge. What an edge keeps for a signed URL
    // it may serve after that URL's access ended for `s-maxage` at most (EDGE_*_SECONDS); a
    // browser keeps what it fetched itself.
    'cache-control': playlist ? `public, max-age=${EDGE_PLAYLIST_SECONDS}` : `public, max-age=31536000, immutable, s-maxage=${EDGE_FILE_SECONDS}`,
    'access-control-allow-origin': '*',
  };
  const ttlSec = Math.max(60, Math.floor(Number(exp) - now / 1000));
  if (delivery === 'direct' && !playlist) {
    const url = await storage.objects.directUrl(key, ttlSec);
    if (url) return new Response(null, { status: 302, headers: { location: url, 'cache-control': 'private, no-store', 'access-control-allow-origin': '*' } });
  }
  const info = await storage.objects.stat(key);
  if (!info) throw new WeftError('not_found', 'No such media file.');
  if (playlist) {
    const text = await servedPlaylist(storage, key, url.searchParams, delivery, ttlSec);
    // presigned URLs are per viewer: a shared cache must not keep them
    if (delivery === 'direct') headers['cache-control'] = 'private, max-age=10';
    // a recording going on: its playlist grows every segment
    else if (isGrowing(text)) headers['cache-control'] = 'no-cache';
    return new Response(req.method === 'HEAD' ? null : text, { status: 200, headers });
  }
  const etag = info.etag;
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
    const body = head ? null : (Readable.toWeb(await storage.objects.read(key, range)) as ReadableStream<Uint8Array>);
    return new Response(body, { status: 206, headers });
  }
  headers['content-length'] = String(info.size);
  const body = head ? null : (Readable.toWeb(await storage.objects.read(key)) as ReadableStream<Uint8Array>);
  return new Response(body, { status: 200, headers });
}
