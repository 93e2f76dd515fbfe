import type { BodyOf, ResponseOf } from '../api/contract';
import { ROUTES, type RouteId } from '../api/routes';

/**
 * The typed client of API v1, for every page, the recorder core and the extension (no Next, no
 * Node: fetch only). Paths and methods come from the route table, request and response types from
 * the contract's zod schemas; errors are unwrapped here and only here, into ApiError.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Seconds to wait before trying again (429), when the server said. */
  get retryAfterSeconds(): number | null {
    const v = this.details.retryAfterSeconds;
    return typeof v === 'number' ? v : null;
  }
}

/** What to tell the person about a failed call: the server's sentence, else `fallback`. */
export function errorMessage(e: unknown, fallback: string): string {
  return e instanceof ApiError ? e.message : fallback;
}

export interface ClientOptions {
  /** Server origin; '' (default) for same-origin pages. */
  baseUrl?: string;
  /** An API token (extension, scripts); pages use the session cookie. */
  token?: string | null | (() => string | null | undefined);
  fetch?: typeof fetch;
}

export interface CallArgs<K extends RouteId> {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: BodyOf<K>;
  signal?: AbortSignal;
  /** Send with keepalive (the request may outlive the page). */
  keepalive?: boolean;
}

/** Builds the path of an operation with its parameters filled in and the query appended. */
export function pathOf<K extends RouteId>(id: K, params: CallArgs<K>['params'] = {}, query: CallArgs<K>['query'] = {}): string {
  const path = ROUTES[id][1].replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`${id}: missing path parameter ${name}`);
    return encodeURIComponent(String(v));
  });
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) qs.set(k, String(v));
  const q = qs.toString();
  return q ? `${path}?${q}` : path;
}

async function unwrap(res: Response): Promise<never> {
  let code = 'http_error';
  let message = `The server answered ${res.status}.`;
  let details: Record<string, unknown> = {};
  try {
    const data = (await res.json()) as { error?: { code?: string; message?: string } & Record<string, unknown> };
    if (data?.error) {
      const { code: c, message: m, ...rest } = data.error;
      code = c ?? code;
      message = m ?? message;
      details = rest;
    }
  } catch {
    /* not JSON */
  }
  const retry = res.headers.get('retry-after');
  if (retry && details.retryAfterSeconds === undefined && /^\d+$/.test(retry)) details.retryAfterSeconds = Number(retry);
  throw new ApiError(res.status, code, message, details);
}

export type ApiClient = ReturnType<typeof createClient>;

export function createClient(opts: ClientOptions = {}) {
  const base = (opts.baseUrl ?? '').replace(/\/$/, '');
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const token = () => (typeof opts.token === 'function' ? opts.token() : opts.token) ?? null;

  /** Calls an operation; resolves with its typed answer, or throws ApiError (a network failure: code `unreachable`). */
  async function call<K extends RouteId>(id: K, args: CallArgs<K> = {}): Promise<ResponseOf<K>> {
    const [method] = ROUTES[id];
    const headers: Record<string, string> = {};
    const t = token();
    if (t) headers.authorization = `Bearer ${t}`;
    if (args.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(base + pathOf(id, args.params, args.query), {
        method: method.toUpperCase(),
        headers,
        body: args.body === undefined ? undefined : JSON.stringify(args.body),
        credentials: base ? 'omit' : 'same-origin',
        // a token sent to a server elsewhere (the extension) never follows a redirect
        redirect: base ? 'error' : 'follow',
        signal: args.signal,
        keepalive: args.keepalive,
      });
    } catch (e) {
      if (args.signal?.aborted) throw e;
      throw new ApiError(0, 'unreachable', `Could not reach the server${base ? ` at ${base}` : ''}.`);
    }
    if (!res.ok) return unwrap(res);
    if (res.status === 204) return undefined as ResponseOf<K>;
    return (await res.json()) as ResponseOf<K>;
  }

  return { call, baseUrl: base, pathOf };
}

/** The client of same-origin pages (session cookie). */
export const api = createClient();
