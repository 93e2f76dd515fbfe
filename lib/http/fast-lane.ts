import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import DIRECTIVES from './csp-directives.json';
import { errorResponse } from './respond';
import { WeftError } from '../errors';

/**
 * A fast lane for the viewer's hot path — a player's playback-event batches, the stream API, the
 * media origin's playlists and segments: taken straight from the Node.js HTTP server, before
 * Next.js routes the request. The handler is the same function
 * the Next.js route calls (Web Request in, Web Response out), so both answer alike; the lane only
 * skips the framework's per-request work (routing, rewrites, the app-route runtime), which was
 * most of the cost of a batch (bench/analytics.ts prints both).
 */
export interface FastRoute {
  /** One method, or several (GET and HEAD). */
  method: string | string[];
  /** Stream the response body (media) instead of sending it in one piece. */
  stream?: boolean;
  /** Matched against the path (no query); the groups go to `handle`. */
  pattern: RegExp;
  /** The largest body taken; a larger one is answered 413 without reading on. */
  maxBodyBytes: number;
  /** `req` carries the method, URL and headers; the body, already read, comes beside it. */
  handle(req: Request, match: RegExpExecArray, body: Buffer): Promise<Response>;
}

const INSTALLED = Symbol.for('weft.fastLane');

/** The security headers next.config.mjs gives every other response of the site. */
const LANE_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'SAMEORIGIN',
  'content-security-policy': [...DIRECTIVES, "frame-ancestors 'self'"].join('; '),
};

function webRequest(req: http.IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method: req.method, headers });
}

async function send(res: http.ServerResponse, response: Response, stream = false): Promise<void> {
  if (stream) {
    const headers: Record<string, string> = { ...LANE_HEADERS };
    response.headers.forEach((v, k) => (headers[k] = v));
    res.writeHead(response.status, headers);
    if (!response.body) {
      res.end();
      return;
    }
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), res);
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = { ...LANE_HEADERS, 'content-length': String(body.length) };
  response.headers.forEach((v, k) => (headers[k] = v));
  res.writeHead(response.status, headers);
  res.end(body);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function serve(route: FastRoute, match: RegExpExecArray, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const body = await readBody(req, route.maxBodyBytes);
    if (body === null) {
      await send(res, errorResponse(new WeftError('payload_too_large', `The request body is larger than ${route.maxBodyBytes} bytes.`)));
      return;
    }
    await send(res, await route.handle(webRequest(req), match, body), route.stream);
  } catch (e) {
    if (!res.headersSent) await send(res, errorResponse(e)).catch(() => res.destroy());
    else res.destroy();
  }
}

/** Installs the lane once per process (the web server's start-up hook). */
export function installFastLane(routes: FastRoute[]): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: boolean };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function fastLaneEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      const res = args[1] as http.ServerResponse;
      const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
      for (const route of routes) {
        if (Array.isArray(route.method) ? !route.method.includes(req.method ?? '') : req.method !== route.method) continue;
        const match = route.pattern.exec(path);
        if (match) {
          void serve(route, match, req, res);
          return true;
        }
      }
    }
    return (emit as (this: http.Server, ...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof proto.emit;
}
