import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { authHeaders, signUpVia, type Caller } from '../helpers/client';

/**
 * tus 1.0.0 (https://tus.io/protocols/resumable-upload): every MUST and SHOULD of the core protocol
 * and of the creation, creation-with-upload, creation-defer-length, termination and expiration
 * extensions, against the production build. Each request goes through `tusFetch`, which also
 * checks the rule that holds for every answer: `Tus-Resumable: 1.0.0` on all but OPTIONS.
 */
let server: RunningServer;
let dataDir: string;
let owner: Caller;
let other: Caller;
const MAX = 50 * 1024 * 1024;

beforeAll(async () => {
  dataDir = tempDir('tus');
  server = await startServer(dataDir, { WEFT_UPLOAD_MAX_BYTES: String(MAX) });
  owner = await signUpVia(server.url, 'Owner');
  other = await signUpVia(server.url, 'Other');
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const V = '1.0.0';
const OCTETS = 'application/offset+octet-stream';
const b64 = (s: string) => Buffer.from(s).toString('base64');

async function tusFetch(url: string, init: { method: string; headers?: Record<string, string>; body?: Buffer | string; as?: Caller | null }): Promise<Response> {
  const res = await fetch(url.startsWith('http') ? url : `${server.url}${url}`, {
    method: init.method,
    headers: { ...(init.as === null ? {} : authHeaders(init.as ?? owner)), ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : new Uint8Array(init.body),
  });
  if (init.method !== 'OPTIONS') expect(res.headers.get('tus-resumable'), `${init.method} ${url} → ${res.status}`).toBe(V);
  return res;
}

async function newSession(as: Caller = owner): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/recordings`, { method: 'POST', headers: authHeaders(as), body: '{}' });
  return ((await res.json()) as { sessionId: string }).sessionId;
}

async function create(headers: Record<string, string> = {}, body?: Buffer): Promise<{ res: Response; url: string }> {
  const sessionId = await newSession();
  const res = await tusFetch('/api/v1/uploads', {
    method: 'POST',
    headers: { 'Tus-Resumable': V, 'Upload-Metadata': `sessionId ${b64(sessionId)},filename ${b64('a.webm')}`, ...(body ? { 'Content-Type': OCTETS } : {}), ...headers },
    body,
  });
  const loc = res.headers.get('location') ?? '';
  return { res, url: loc ? new URL(loc, server.url).toString() : '' };
}

const head = (url: string, as?: Caller) => tusFetch(url, { method: 'HEAD', headers: { 'Tus-Resumable': V }, as });
const patch = (url: string, offset: string | null, body: Buffer | string, headers: Record<string, string> = {}) =>
  tusFetch(url, {
    method: 'PATCH',
    headers: { 'Tus-Resumable': V, 'Content-Type': OCTETS, ...(offset === null ? {} : { 'Upload-Offset': offset }), ...headers },
    body,
  });

describe('core protocol', () => {
  it('OPTIONS: Tus-Version, Tus-Extension, Tus-Max-Size, 2xx, no Tus-Resumable needed from the client', async () => {
    const res = await tusFetch('/api/v1/uploads', { method: 'OPTIONS', as: null });
    expect([200, 204]).toContain(res.status);
    expect(res.headers.get('tus-version')?.split(',').map((s) => s.trim())).toContain(V);
    const ext = (res.headers.get('tus-extension') ?? '').split(',').map((s) => s.trim());
    for (const e of ['creation', 'creation-with-upload', 'creation-defer-length', 'termination', 'expiration']) expect(ext).toContain(e);
    expect(Number(res.headers.get('tus-max-size'))).toBe(MAX);
  });

  it.each([
    ['POST', null],
    ['POST', '0.2.2'],
    ['POST', '2.0.0'],
    ['POST', '1.0'],
    ['POST', ''],
    ['HEAD', null],
    ['HEAD', '0.1.0'],
    ['PATCH', null],
    ['PATCH', '1.1.0'],
    ['DELETE', null],
    ['DELETE', 'banana'],
  ])('%s with Tus-Resumable %j → 412 Precondition Failed with Tus-Version', async (method, version) => {
    const { url } = await create({ 'Upload-Length': '10' });
    const headers: Record<string, string> = method === 'POST' ? { 'Upload-Length': '10' } : method === 'PATCH' ? { 'Content-Type': OCTETS, 'Upload-Offset': '0' } : {};
    if (version !== null) headers['Tus-Resumable'] = version;
    const res = await tusFetch(method === 'POST' ? '/api/v1/uploads' : url, { method, headers, body: method === 'PATCH' ? 'hello' : undefined });
    expect(res.status).toBe(412);
    expect(res.headers.get('tus-version')).toContain(V);
    // nothing was changed or created
    const h = await head(url);
    expect(h.headers.get('upload-offset')).toBe('0');
  });

  it('HEAD: Upload-Offset, Upload-Length, Upload-Metadata and Cache-Control: no-store', async () => {
    const { url } = await create({ 'Upload-Length': '10' });
    await patch(url, '0', 'abc');
    const res = await head(url);
    expect([200, 204]).toContain(res.status);
    expect(res.headers.get('upload-offset')).toBe('3');
    expect(res.headers.get('upload-length')).toBe('10');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('upload-metadata')).toContain(`filename ${b64('a.webm')}`);
  });

  it('HEAD of an unknown upload: 404/410/403 without Upload-Offset, not cacheable', async () => {
    const res = await head(`${server.url}/api/v1/uploads/0123456789abcdef0123456789abcdef`);
    expect([403, 404, 410]).toContain(res.status);
    expect(res.headers.get('upload-offset')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it.each([['text/plain'], ['application/octet-stream'], ['multipart/form-data; boundary=x'], ['application/json'], ['']])(
    'PATCH with Content-Type %j → 415 Unsupported Media Type, nothing written',
    async (type) => {
      const { url } = await create({ 'Upload-Length': '10' });
      const res = await tusFetch(url, { method: 'PATCH', headers: { 'Tus-Resumable': V, 'Upload-Offset': '0', 'Content-Type': type }, body: 'hello' });
      expect(res.status).toBe(415);
      expect((await head(url)).headers.get('upload-offset')).toBe('0');
    },
  );

  it('PATCH Content-Type parameters and case are accepted (media types are case-insensitive)', async () => {
    const { url } = await create({ 'Upload-Length': '10' });
    const res = await patch(url, '0', 'hello', { 'Content-Type': 'Application/Offset+Octet-Stream' });
    expect(res.status).toBe(204);
  });

  it('PATCH: 204 with the new Upload-Offset; a wrong offset → 409 and the upload is not modified', async () => {
    const { url } = await create({ 'Upload-Length': '10' });
    const ok = await patch(url, '0', 'hello');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('upload-offset')).toBe('5');
    for (const wrong of ['0', '3', '6', '9']) {
      const res = await patch(url, wrong, 'world');
      expect(res.status, `offset ${wrong}`).toBe(409);
    }
    expect((await head(url)).headers.get('upload-offset')).toBe('5');
    const done = await patch(url, '5', 'world');
    expect(done.status).toBe(204);
    expect(done.headers.get('upload-offset')).toBe('10');
  });

  it.each([[null], ['-1'], ['abc'], ['1.5'], ['0x10'], [' ']])('PATCH with Upload-Offset %j → 400, nothing written', async (offset) => {
    const { url } = await create({ 'Upload-Length': '10' });
    const res = await patch(url, offset, 'hello');
    expect(res.status).toBe(400);
    expect((await head(url)).headers.get('upload-offset')).toBe('0');
  });

  it('PATCH beyond Upload-Length is refused and the upload is not overrun', async () => {
    const { url } = await create({ 'Upload-Length': '4' });
    const res = await patch(url, '0', 'hello');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(Number((await head(url)).headers.get('upload-offset'))).toBeLessThanOrEqual(4);
  });

  it('PATCH of an unknown upload → 404', async () => {
    expect((await patch(`${server.url}/api/v1/uploads/0123456789abcdef0123456789abcdef`, '0', 'x')).status).toBe(404);
  });

  it('X-HTTP-Method-Override is taken as the method (PATCH, HEAD and DELETE over POST)', async () => {
    const { url } = await create({ 'Upload-Length': '10' });
    const p = await tusFetch(url, { method: 'POST', headers: { 'X-HTTP-Method-Override': 'PATCH', 'Tus-Resumable': V, 'Content-Type': OCTETS, 'Upload-Offset': '0' }, body: 'hello' });
    expect(p.status).toBe(204);
    expect(p.headers.get('upload-offset')).toBe('5');
    const h = await tusFetch(url, { method: 'POST', headers: { 'X-HTTP-Method-Override': 'HEAD', 'Tus-Resumable': V } });
    expect(h.headers.get('upload-offset')).toBe('5');
    const d = await tusFetch(url, { method: 'POST', headers: { 'X-HTTP-Method-Override': 'DELETE', 'Tus-Resumable': V } });
    expect(d.status).toBe(204);
    expect([404, 410]).toContain((await head(url)).status);
  });

  it('an upload is its owner’s: anonymous → 401, another user → 404, and neither changes it', async () => {
    const { url } = await create({ 'Upload-Length': '10' });
    expect((await head(url, {})).status).toBe(401);
    expect((await head(url, other)).status).toBe(404);
    const foreign = await tusFetch(url, { method: 'PATCH', as: other, headers: { 'Tus-Resumable': V, 'Content-Type': OCTETS, 'Upload-Offset': '0' }, body: 'hello' });
    expect(foreign.status).toBe(404);
    expect((await head(url)).headers.get('upload-offset')).toBe('0');
  });
});

describe('creation', () => {
  it('POST with Upload-Length → 201 Created with a Location that answers HEAD', async () => {
    const { res, url } = await create({ 'Upload-Length': '10' });
    expect(res.status).toBe(201);
    expect(url).toMatch(/\/api\/v1\/uploads\/\w+$/);
    expect((await head(url)).headers.get('upload-length')).toBe('10');
  });

  it.each([
    ['neither Upload-Length nor Upload-Defer-Length', {}],
    ['Upload-Length -1', { 'Upload-Length': '-1' }],
    ['Upload-Length abc', { 'Upload-Length': 'abc' }],
    ['Upload-Length 1.5', { 'Upload-Length': '1.5' }],
    ['duplicate metadata keys', { 'Upload-Length': '10', 'Upload-Metadata': 'sessionId eA==,sessionId eQ==' }],
    ['metadata that is not base64', { 'Upload-Length': '10', 'Upload-Metadata': 'filename !!!' }],
    ['metadata with an empty key', { 'Upload-Length': '10', 'Upload-Metadata': ' eA==' }],
  ] as Array<[string, Record<string, string>]>)('%s → 400, nothing created', async (_label, headers) => {
    const sessionId = await newSession();
    const res = await tusFetch('/api/v1/uploads', {
      method: 'POST',
      headers: { 'Tus-Resumable': V, 'Upload-Metadata': `sessionId ${b64(sessionId)}`, ...headers },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('Upload-Length above Tus-Max-Size → 413', async () => {
    const { res } = await create({ 'Upload-Length': String(MAX + 1) });
    expect(res.status).toBe(413);
    expect(res.headers.get('location')).toBeNull();
  });

  it('without a recording session (metadata), or with someone else’s, nothing is created', async () => {
    const bare = await tusFetch('/api/v1/uploads', { method: 'POST', headers: { 'Tus-Resumable': V, 'Upload-Length': '10' } });
    expect(bare.status).toBe(400);
    const foreign = await newSession(owner); // the owner is the admin: use the member as the intruder
    const res = await tusFetch('/api/v1/uploads', { method: 'POST', as: other, headers: { 'Tus-Resumable': V, 'Upload-Length': '10', 'Upload-Metadata': `sessionId ${b64(foreign)}` } });
    expect(res.status).toBe(404);
  });
});

describe('creation-with-upload', () => {
  it('POST with a body stores it and answers its Upload-Offset', async () => {
    const { res, url } = await create({ 'Upload-Length': '10' }, Buffer.from('hello'));
    expect(res.status).toBe(201);
    expect(res.headers.get('upload-offset')).toBe('5');
    expect((await head(url)).headers.get('upload-offset')).toBe('5');
  });
});

describe('creation-defer-length', () => {
  it('Upload-Defer-Length: 1 → created; HEAD says so; a later PATCH sets Upload-Length', async () => {
    const { res, url } = await create({ 'Upload-Defer-Length': '1' });
    expect(res.status).toBe(201);
    const h = await head(url);
    expect(h.headers.get('upload-defer-length')).toBe('1');
    expect(h.headers.get('upload-length')).toBeNull();
    expect((await patch(url, '0', 'hello')).status).toBe(204);
    const last = await patch(url, '5', 'world', { 'Upload-Length': '10' });
    expect(last.status).toBe(204);
    const h2 = await head(url);
    expect(h2.headers.get('upload-length')).toBe('10');
    expect(h2.headers.get('upload-defer-length')).toBeNull();
  });

  it.each([['0'], ['2'], ['yes'], ['true']])('Upload-Defer-Length %j → 400', async (value) => {
    const { res } = await create({ 'Upload-Defer-Length': value });
    expect(res.status).toBe(400);
  });

  it('both Upload-Length and Upload-Defer-Length → 400', async () => {
    const { res } = await create({ 'Upload-Length': '10', 'Upload-Defer-Length': '1' });
    expect(res.status).toBe(400);
  });
});

describe('termination', () => {
  it('DELETE → 204; the upload is gone for HEAD and PATCH (404 or 410)', async () => {
    const { url } = await create({ 'Upload-Length': '10' });
    await patch(url, '0', 'hello');
    const del = await tusFetch(url, { method: 'DELETE', headers: { 'Tus-Resumable': V } });
    expect(del.status).toBe(204);
    expect([404, 410]).toContain((await head(url)).status);
    expect([404, 410]).toContain((await patch(url, '5', 'world')).status);
    expect([404, 410]).toContain((await tusFetch(url, { method: 'DELETE', headers: { 'Tus-Resumable': V } })).status);
  });

  it('another user cannot terminate an upload', async () => {
    const { url } = await create({ 'Upload-Length': '10' });
    expect((await tusFetch(url, { method: 'DELETE', as: other, headers: { 'Tus-Resumable': V } })).status).toBe(404);
    expect((await head(url)).status).toBe(200);
  });
});

describe('expiration', () => {
  it('Upload-Expires (an HTTP date in the future) on creation and on PATCH', async () => {
    const { res, url } = await create({ 'Upload-Length': '10' });
    const expires = res.headers.get('upload-expires');
    expect(expires).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Date.parse(expires!)).toBeGreaterThan(Date.now());
    const p = await patch(url, '0', 'hello');
    expect(Date.parse(p.headers.get('upload-expires') ?? '')).toBeGreaterThan(Date.now());
  });

  it('an expired upload answers 404 or 410 and takes no more bytes', async () => {
    const dir = tempDir('tus-expiry');
    const short = await startServer(dir, { WEFT_UPLOAD_EXPIRY_HOURS: String(2 / 3600) }); // 2 s
    try {
      const me = await signUpVia(short.url, 'Expiring');
      const s = (await (await fetch(`${short.url}/api/v1/recordings`, { method: 'POST', headers: authHeaders(me), body: '{}' })).json()) as { sessionId: string };
      const res = await tusFetch(`${short.url}/api/v1/uploads`, {
        method: 'POST',
        as: me,
        headers: { 'Tus-Resumable': V, 'Upload-Length': '10', 'Upload-Metadata': `sessionId ${b64(s.sessionId)}` },
      });
      expect(res.status).toBe(201);
      const url = new URL(res.headers.get('location')!, short.url).toString();
      await new Promise((r) => setTimeout(r, 3000));
      const late = await tusFetch(url, { method: 'PATCH', as: me, headers: { 'Tus-Resumable': V, 'Content-Type': OCTETS, 'Upload-Offset': '0' }, body: 'hello' });
      expect([404, 410]).toContain(late.status);
    } finally {
      await short.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
