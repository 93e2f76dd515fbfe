import type { z } from 'zod';
import { WeftError, isWeftError } from '../../platform/errors';
import { log } from '../../platform/log';
import { assertSameOrigin } from './auth';

/** Route-handler helpers with Web Request/Response only: parse, answer, turn errors into {error}. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

export function errorResponse(e: unknown): Response {
  if (isWeftError(e)) {
    const retry = e.details?.retryAfterSeconds;
    return json(e.toJSON(), e.status, typeof retry === 'number' ? { 'retry-after': String(retry) } : {});
  }
  log.error('unhandled error in a route', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  return json({ error: { code: 'internal', message: 'Something went wrong on the server.' } }, 500);
}

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

/** Wraps a route handler: cross-site state changes are refused, errors become {error} JSON. */
export function route<C>(fn: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      assertSameOrigin(req);
      return await fn(req, ctx);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/**
 * Wraps a handler that reads no cookie and acts on no session (its body is the credential, e.g.
 * the extension's one-time connect code): cross-site callers are allowed, errors become {error}.
 */
export function cookielessRoute<C>(fn: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      return await fn(req, ctx);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON body (size-limited) and validates it; every failure is a 400 with a clear message. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, opts: { optional?: boolean } = {}): Promise<z.infer<S>> {
  return parseJson(await readText(req, MAX_JSON_BYTES), schema, opts);
}

/**
 * A request body as text, read up to `limit` bytes and no further: a declared length over it, or a
 * chunked body that passes it, is a 413 at once (the rest is never read).
 */
export async function readText(req: Request, limit: number): Promise<string> {
  const tooLarge = () => new WeftError('payload_too_large', `The request body is larger than ${limit} bytes.`);
  if (Number(req.headers.get('content-length') ?? '0') > limit) throw tooLarge();
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON body already read (the server entry's hot routes read it straight off the socket): size, syntax, schema. */
export function parseJson<S extends z.ZodType>(text: string, schema: S, opts: { optional?: boolean } = {}): z.infer<S> {
  if (text.length > MAX_JSON_BYTES) throw new WeftError('payload_too_large', `The request body is larger than ${MAX_JSON_BYTES} bytes.`);
  let data: unknown = {};
  if (text.trim() !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      throw new WeftError('invalid_json', 'The request body is not valid JSON.');
    }
  } else if (!opts.optional) {
    throw new WeftError('invalid_json', 'The request needs a JSON body.');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    throw new WeftError('validation_failed', `Invalid ${where}: ${issue?.message ?? 'invalid value'}.`);
  }
  return parsed.data;
}

export { baseUrlOf } from './origin';
