/**
 * The parts of tus 1.0.0 that @tus/server answers differently from the specification, checked
 * before a request reaches it (https://tus.io/protocols/resumable-upload):
 *
 * - `X-HTTP-Method-Override` MUST be taken as the request's method (the server ignores it).
 * - A request other than OPTIONS without `Tus-Resumable`, or with a version the server does not
 *   speak, MUST get 412 Precondition Failed with `Tus-Version` (the server answers 400 for an
 *   unsupported version and leaves `Tus-Version` out).
 * - A PATCH whose `Content-Type` is not `application/offset+octet-stream` MUST get 415 Unsupported
 *   Media Type (the server answers 403).
 * - A PATCH without `Upload-Offset` is a malformed request: 400 (the server answers 403).
 */
export const TUS_VERSION = '1.0.0';
export const TUS_CONTENT_TYPE = 'application/offset+octet-stream';
const OVERRIDABLE = new Set(['POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS', 'GET']);

function answer(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : `${message}\n`, {
    status,
    headers: {
      'Tus-Resumable': TUS_VERSION,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'Access-Control-Expose-Headers': 'Tus-Resumable, Tus-Version',
      ...extra,
    },
  });
}

/** The request with `X-HTTP-Method-Override` applied (same headers and body). */
export function withMethodOverride(req: Request): Request | Response {
  const raw = req.headers.get('x-http-method-override');
  if (!raw) return req;
  const method = raw.trim().toUpperCase();
  if (!OVERRIDABLE.has(method)) return answer(400, `X-HTTP-Method-Override names an unsupported method: ${raw.slice(0, 20)}`);
  if (method === req.method) return req;
  const headers = new Headers(req.headers);
  headers.delete('x-http-method-override');
  const bodiless = method === 'GET' || method === 'HEAD';
  return new Request(req.url, {
    method,
    headers,
    body: bodiless ? null : req.body,
    signal: req.signal,
    ...(bodiless ? {} : { duplex: 'half' }),
  } as RequestInit);
}

/**
 * The request as @tus/server expects it: a PATCH's media type in its canonical spelling (media types
 * are case-insensitive and may carry parameters; the server compares the exact string).
 */
export function canonicalTusRequest(req: Request): Request {
  if (req.method !== 'PATCH' && req.method !== 'POST') return req;
  const type = req.headers.get('content-type');
  if (type === null || type === TUS_CONTENT_TYPE) return req;
  if (type.split(';')[0]!.trim().toLowerCase() !== TUS_CONTENT_TYPE) return req;
  const headers = new Headers(req.headers);
  headers.set('content-type', TUS_CONTENT_TYPE);
  return new Request(req.url, { method: req.method, headers, body: req.body, signal: req.signal, duplex: 'half' } as RequestInit);
}

/** A protocol error @tus/server would answer wrongly, as the specification wants it; null: pass on. */
export function tusPrecheck(req: Request): Response | null {
  if (req.method === 'OPTIONS' || req.method === 'GET') return null;
  const version = req.headers.get('tus-resumable');
  if (version === null || version.trim() !== TUS_VERSION) {
    return answer(412, version === null ? 'Tus-Resumable header required' : `Tus-Resumable ${version.slice(0, 20)} is not supported`, {
      'Tus-Version': TUS_VERSION,
    });
  }
  if (req.method === 'PATCH') {
    const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== TUS_CONTENT_TYPE) return answer(415, `Content-Type must be ${TUS_CONTENT_TYPE}`);
    if (req.headers.get('upload-offset') === null) return answer(400, 'Upload-Offset header required');
  }
  return null;
}

/**
 * Headers every answer needs whatever path produced it (our hooks' errors included): `Tus-Resumable`
 * on all but OPTIONS, and `Cache-Control: no-store` on HEAD (an offset must never come from a cache).
 */
export function finishTusResponse(req: Request, res: Response): Response {
  const missingVersion = req.method !== 'OPTIONS' && !res.headers.has('tus-resumable');
  const cacheable = req.method === 'HEAD' && res.headers.get('cache-control') !== 'no-store';
  if (!missingVersion && !cacheable) return res;
  const headers = new Headers(res.headers);
  if (missingVersion) headers.set('Tus-Resumable', TUS_VERSION);
  if (cacheable) headers.set('Cache-Control', 'no-store');
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}
