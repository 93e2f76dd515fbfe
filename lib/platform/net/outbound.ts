import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolvePublic, type ResolvedAddress, type Resolver } from './address';

/**
 * One HTTP request to a URL a user gave us (a webhook endpoint), safe against server-side request
 * forgery: the host is resolved once, every address is checked (see `resolvePublic`), and the
 * connection goes to the checked address — the socket never resolves the name again, so a DNS
 * answer that changes between check and connect (rebinding) gains nothing. No redirect is followed,
 * the whole exchange has a deadline, and at most `maxResponseBytes` of the answer are read.
 */
export interface OutboundRequest {
  method?: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
  allowPrivate: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
  signal?: AbortSignal;
  resolve?: Resolver;
}

export interface OutboundResponse {
  status: number;
  /** Where a 3xx pointed (not followed). */
  location: string | null;
  /** Bytes of the body read (at most maxResponseBytes). */
  bytesRead: number;
  /** The body was longer than maxResponseBytes and was cut off. */
  truncated: boolean;
}

export class OutboundUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundUrlError';
  }
}

/** Parses and checks the form of a user-given URL: absolute http(s), no credentials in it. */
export function parseOutboundUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new OutboundUrlError('url must be an absolute http(s) URL.');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new OutboundUrlError('url must be an absolute http(s) URL.');
  if (u.username || u.password) throw new OutboundUrlError('url must not carry a user name or password.');
  if (!u.hostname) throw new OutboundUrlError('url must name a host.');
  return u;
}

function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (options?.all) cb(null, [{ address: pinned.address, family: pinned.family }]);
    else cb(null, pinned.address, pinned.family);
  }) as unknown as LookupFunction;
}

export async function sendOutbound(rawUrl: string, req: OutboundRequest): Promise<OutboundResponse> {
  const url = parseOutboundUrl(rawUrl);
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
  const addresses = await resolvePublic(url.hostname, { allowPrivate: req.allowPrivate, resolve: req.resolve });
  signal.throwIfAborted();
  const pinned = addresses[0]!;
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const request = lib.request(url, {
      method: req.method ?? 'POST',
      headers: { ...req.headers, ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}) },
      lookup: pinnedLookup(pinned),
      agent: false,
      signal,
    });
    request.on('error', (e) => reject(signal.aborted ? new Error(`no answer within ${Math.round(req.timeoutMs / 1000)} s`) : e));
    request.on('response', (res) => {
      let bytesRead = 0;
      let done = false;
      const finish = (truncated: boolean) => {
        if (done) return;
        done = true;
        resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, bytesRead, truncated });
      };
      res.on('data', (chunk: Buffer) => {
        bytesRead += chunk.length;
        if (bytesRead > req.maxResponseBytes) {
          bytesRead = req.maxResponseBytes;
          finish(true);
          request.destroy();
        }
      });
      res.on('end', () => finish(false));
      res.on('error', () => finish(true));
      res.on('close', () => finish(false));
    });
    request.end(req.body);
  });
}
