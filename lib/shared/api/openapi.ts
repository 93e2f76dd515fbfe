import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import { API, errorBody, TUS_PATH, type Operation } from './contract';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  400: 'Invalid input',
  401: 'Not logged in, or the token is not valid',
  403: 'Refused (a password, an expired or revoked link, a cross-site request)',
  404: 'Unknown — or not yours',
  409: 'Not in a state that allows it',
  413: 'Too large',
  429: 'Throttled (see Retry-After)',
  501: 'Not implemented',
};

function pathParams(path: string): z.ZodObject | undefined {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return undefined;
  return z.object(Object.fromEntries(names.map((n) => [n, z.string()])));
}

function operation(id: string, o: Operation): ZodOpenApiOperationObject {
  const params = pathParams(o.path);
  const success = o.response
    ? { description: STATUS_TEXT[o.status] ?? 'OK', content: { [o.contentType ?? 'application/json']: { schema: o.response } } }
    : o.contentType
      ? { description: STATUS_TEXT[o.status] ?? 'OK', content: { [o.contentType]: { schema: z.string() } } }
      : { description: STATUS_TEXT[o.status] ?? 'OK' };
  const responses: Record<string, ZodOpenApiResponseObject> = { [String(o.status)]: success };
  for (const code of o.errors ?? []) {
    responses[String(code)] = { description: STATUS_TEXT[code] ?? 'Error', content: { 'application/json': { schema: errorBody } } };
  }
  return {
    operationId: id,
    summary: o.summary,
    ...(o.auth === 'user' ? { security: [{ session: [] }, { bearer: [] }] } : {}),
    ...(params || o.query ? { requestParams: { ...(params ? { path: params } : {}), ...(o.query ? { query: o.query } : {}) } } : {}),
    ...(o.body ? { requestBody: { content: { 'application/json': { schema: o.body } } } } : {}),
    responses: responses as ZodOpenApiOperationObject['responses'],
  };
}

let cached: ReturnType<typeof createDocument> | undefined;

/** The OpenAPI 3.1 document of API v1, generated from the contract's zod schemas. */
export function openApiDocument(): ReturnType<typeof createDocument> {
  if (cached) return cached;
  const paths: ZodOpenApiPathsObject = {};
  for (const [id, o] of Object.entries(API) as Array<[string, Operation]>) {
    paths[o.path] = { ...(paths[o.path] ?? {}), [o.method]: operation(id, o) };
  }
  const tus = (method: string, summary: string): ZodOpenApiOperationObject => ({
    operationId: `tus${method}`,
    summary,
    security: [{ session: [] }, { bearer: [] }],
    responses: { '204': { description: 'See the tus 1.0.0 protocol' }, '412': { description: 'Unsupported Tus-Resumable' } },
  });
  paths[TUS_PATH] = {
    options: { ...tus('Options', 'tus: server capabilities (Tus-Version, Tus-Extension, Tus-Max-Size).'), security: [] },
    post: tus('Create', 'tus creation (Upload-Length or Upload-Defer-Length: 1; Upload-Metadata with sessionId), optionally with the first bytes.'),
  };
  paths[`${TUS_PATH}/{uploadId}`] = {
    head: tus('Head', 'tus: the upload’s offset.'),
    patch: tus('Patch', 'tus: bytes at Upload-Offset (application/offset+octet-stream).'),
    delete: tus('Delete', 'tus termination.'),
  };
  cached = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Weft API',
      version: '1',
      description: 'Record, upload, process and share async video. Errors are {"error":{"code","message"}}.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'weft_session' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (weft_…).' },
      },
    },
    paths,
  });
  return cached;
}
