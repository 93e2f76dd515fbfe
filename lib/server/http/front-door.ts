import type http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { PEER_ADDRESS_HEADER_NAME, REQUEST_PATH_HEADER_NAME } from '../../platform/http/client-address';
import { errorResponse } from './respond';
import { isFramablePath, securityHeaders } from '../../platform/http/security-headers';
import { WeftError } from '../../platform/errors';
import { safeDecode } from '../../shared/ids';

/**
 * The one place a request enters Weft (the server entry hands every request of its `node:http`
 * server here):
 *  1. the TCP peer's address is written into a header of our own, overwriting a client's;
 *  2. a `Host` that is not a host name (or `[v6]`), with an optional port, and a request target
 *     that is not a path are refused (400) — no URL downstream can be bent by them;
 *  3. forwarded headers (`X-Forwarded-*`, `Forwarded`) are dropped unless trusted proxies are
 *     configured (`WEFT_TRUSTED_PROXIES`): a client cannot rewrite the links Weft hands out;
 *  4. the security headers of every answer;
 *  5. the hot routes of the viewer's path (a table matched on the request target's path), with the
 *     body read up to the route's limit and no further;
 *  6. everything else: Next.js's request handler.
 */
export interface HotRoute {
  name: string;
  methods: readonly string[];
  /** `/api/v1/streams/:id`; a last segment `*key` takes the rest of the path. */
  path: string;
  /** The largest body read; past it the answer is 413 and the rest is not read. */
  maxBodyBytes: number;
  /** Stream the answer's body (media) instead of sending it in one piece. */
  stream?: boolean;
  /** `req` has the method, a URL built from the request target and the headers; the body comes beside it. */
  handle(req: Request, params: Record<string, string>, body: Buffer): Promise<Response>;
}

export interface FrontDoorOptions {
  /** How many reverse proxies in front add forwarded headers (0: none are believed). */
  trustedProxies: number;
  /** CDN origins, allowed as media sources in the pages' CSP. */
  cdnOrigins: readonly string[];
  routes: readonly HotRoute[];
  /** Everything not answered by a hot route. */
  fallback(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> | void;
}

const FORWARDED = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-forwarded-for', 'x-forwarded-prefix', 'forwarded', 'x-real-ip'];
const HOST = /^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;

/** A Host header that names a host (and port) and nothing else. */
export function isValidHost(host: string): boolean {
  return host.length <= 255 && HOST.test(host);
}

interface CompiledRoute {
  route: HotRoute;
  parts: string[];
}

export function compileRoutes(routes: readonly HotRoute[]): CompiledRoute[] {
  return routes.map((route) => ({ route, parts: route.path.split('/').slice(1) }));
}

/** The route and its decoded parameters for a method and a path (already normalised by URL parsing). */
export function matchRoute(table: readonly CompiledRoute[], method: string, pathname: string): { route: HotRoute; params: Record<string, string> } | null {
  const segs = pathname.split('/').slice(1);
  for (const { route, parts } of table) {
    if (!route.methods.includes(method)) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const p = parts[i]!;
      if (p.startsWith('*')) {
        const rest = segs.slice(i);
        if (rest.length === 0 || rest.includes('')) {
          ok = false;
          break;
        }
        params[p.slice(1)] = rest.map(safeDecode).join('/');
        return { route, params };
      }
      const s = segs[i];
      if (s === undefined || s === '') ok = false;
      else if (p.startsWith(':')) params[p.slice(1)] = safeDecode(s);
      else if (p !== s) ok = false;
    }
    if (ok && segs.length === parts.length) return { route, params };
  }
  return null;
}


/** Reads a body up to `limit` bytes; null when it is longer (the rest is never read). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(null);
      } else chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function webRequest(req: http.IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(url, { method: req.method, headers });
}

async function send(res: http.ServerResponse, response: Response, stream: boolean): Promise<void> {
  response.headers.forEach((v, k) => {
    if (k !== 'set-cookie') res.setHeader(k, v);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  if (stream && response.body) {
    res.writeHead(response.status);
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  res.setHeader('content-length', String(body.length));
  res.writeHead(response.status);
  res.end(body);
}

/** What a refused request may still send (and is read and dropped) before its connection is cut. */
const DRAIN_LIMIT_BYTES = 1 << 20;
const DRAIN_MS = 2000;

/**
 * Answers and closes the connection. What is left of the request is read and dropped — up to
 * 1 MiB or 2 s — so that a client still sending reads the answer instead of a broken pipe; a
 * client sending more than that is cut off.
 */
async function refuse(req: http.IncomingMessage, res: http.ServerResponse, error: WeftError): Promise<void> {
  res.setHeader('connection', 'close');
  req.removeAllListeners('data');
  req.on('error', () => undefined);
  // The answer goes once the client has finished sending: answering while it still writes closes
  // the socket under it, and it sees a broken pipe instead of the refusal. One that sends more than
  // the limit, or for longer, gets the answer and then loses the connection.
  let cutOff = false;
  const finished = new Promise<void>((resolve) => {
    if (req.readableEnded) return resolve();
    let drained = 0;
    req.on('data', (c: Buffer) => {
      drained += c.length;
      if (drained > DRAIN_LIMIT_BYTES) {
        cutOff = true;
        resolve();
      }
    });
    req.once('end', resolve);
    req.once('close', resolve);
    setTimeout(() => {
      cutOff = true;
      resolve();
    }, DRAIN_MS).unref();
  });
  req.resume();
  await finished;
  await send(res, errorResponse(error), false);
  if (cutOff) req.destroy();
}

export function createFrontDoor(opts: FrontDoorOptions): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const table = compileRoutes(opts.routes);
  const headers = securityHeaders(opts.cdnOrigins);
  return (req, res) => {
    // 1. who is at the other end of the socket (throttles key on it; a client cannot choose it)
    req.headers[PEER_ADDRESS_HEADER_NAME] = req.socket.remoteAddress ?? 'unknown';
    // 2. what was asked for, for the pages that explain a refusal (Next does not tell them)
    req.headers[REQUEST_PATH_HEADER_NAME] = (req.url ?? '/').slice(0, 2048);
    // 3. forwarded headers are somebody's claim unless a proxy we trust wrote them
    if (opts.trustedProxies <= 0) for (const h of FORWARDED) delete req.headers[h];
    const target = req.url ?? '/';
    let url: URL | null = null;
    if (target.startsWith('/') && !target.startsWith('//')) {
      const host = req.headers.host ?? 'localhost';
      if (isValidHost(host)) {
        const proto = opts.trustedProxies > 0 && req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
        try {
          url = new URL(`${proto}://${host}${target}`);
        } catch {
          url = null;
        }
      }
    }
    // 4. the same headers on every answer
    for (const [k, v] of headers.common) res.setHeader(k, v);
    if (!url || !isFramablePath(url.pathname)) for (const [k, v] of headers.unframable) res.setHeader(k, v);
    // 2. a request whose URL cannot be trusted goes no further
    if (!url) {
      void refuse(req, res, new WeftError('validation_failed', 'Bad request: the Host header or the request target is malformed.'));
      return;
    }
    // 5. the hot routes
    const hit = matchRoute(table, req.method ?? 'GET', url.pathname);
    if (hit) {
      void serveHot(hit.route, hit.params, url, req, res);
      return;
    }
    // 6. Next.js
    void Promise.resolve(opts.fallback(req, res)).catch((e: unknown) => {
      if (!res.headersSent) void send(res, errorResponse(e), false).catch(() => res.destroy());
      else res.destroy();
    });
  };
}

async function serveHot(route: HotRoute, params: Record<string, string>, url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const body = await readBody(req, route.maxBodyBytes);
    if (body === null) {
      await refuse(req, res, new WeftError('payload_too_large', `The request body is larger than ${route.maxBodyBytes} bytes.`));
      return;
    }
    await send(res, await route.handle(webRequest(req, url), params, body), route.stream === true);
  } catch (e) {
    if (!res.headersSent) await send(res, errorResponse(e), false).catch(() => res.destroy());
    else res.destroy();
  }
}
