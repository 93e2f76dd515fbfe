import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, call, signUpVia, type Caller } from '../helpers/client';
import { tempDir } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let dir: string;
let admin: Awaited<ReturnType<typeof signUpVia>>;

beforeAll(async () => {
  dir = tempDir('auth');
  server = await startServer(dir);
  admin = await signUpVia(server.url, 'Admin');
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('accounts', () => {
  it('the first account is the admin, later ones are members; the session cookie is httpOnly and SameSite', async () => {
    expect(admin.role).toBe('admin');
    const res = await fetch(`${server.url}/api/v1/auth/signup`, {
      method: 'POST',
      body: JSON.stringify({ email: 'Member@Example.com', password: 'long enough pw', name: 'Member' }),
    });
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^weft_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(((await res.json()) as { user: { role: string; email: string } }).user).toMatchObject({ role: 'member', email: 'member@example.com' });
    const me = await call(server.url, { cookie: cookie.split(';')[0] }, '/api/v1/auth/me');
    expect(((await me.json()) as { user: { name: string } }).user.name).toBe('Member');
  });

  it('the cookie is Secure behind TLS — as a trusted proxy says, not as any client claims', async () => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email: 'member@example.com', password: 'long enough pw' }),
    });
    expect(res.status).toBe(200);
    // this server trusts no proxy: a client's X-Forwarded-Proto is dropped at the door
    expect(res.headers.get('set-cookie')).not.toMatch(/; Secure/);
    const dir = tempDir('auth-proxy');
    const behind = await startServer(dir, { WEFT_TRUSTED_PROXIES: '1' });
    try {
      await fetch(`${behind.url}/api/v1/auth/signup`, { method: 'POST', body: JSON.stringify({ email: 'tls@example.com', password: 'long enough pw', name: 'Tls' }) });
      const viaProxy = await fetch(`${behind.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.4' },
        body: JSON.stringify({ email: 'tls@example.com', password: 'long enough pw' }),
      });
      expect(viaProxy.status).toBe(200);
      expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure$/);
    } finally {
      await behind.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses a taken email, a short password and malformed input with clear errors', async () => {
    const signup = (body: unknown) => call(server.url, ANON, '/api/v1/auth/signup', { method: 'POST', body });
    expect(await errorCode(await signup({ email: 'member@example.com', password: 'long enough pw', name: 'Again' }))).toBe('email_taken');
    const short = await signup({ email: 'x@example.com', password: 'short', name: 'X' });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: { message: string } }).error.message).toMatch(/password.*8 characters/);
    expect((await signup({ email: 'not-an-email', password: 'long enough pw', name: 'X' })).status).toBe(400);
    expect((await signup({ password: 'long enough pw' })).status).toBe(400);
    expect(await errorCode(await call(server.url, ANON, '/api/v1/auth/signup', { method: 'POST', body: '{"email":' }))).toBe('invalid_json');
  });

  it('throttles repeated wrong passwords for an account', async () => {
    const login = (password: string) => call(server.url, ANON, '/api/v1/auth/login', { method: 'POST', body: { email: 'member@example.com', password } });
    for (let i = 0; i < 5; i++) {
      const res = await login(`wrong-password-${i}`);
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('invalid_credentials');
    }
    const blocked = await login('long enough pw');
    expect(blocked.status).toBe(429);
    // the time until the oldest failure leaves the 15-minute window (a slow machine may have spent a second)
    const retry = Number(blocked.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(895);
    expect(retry).toBeLessThanOrEqual(900);
    // an unknown account gets the same answer as a wrong password
    const unknown = await call(server.url, ANON, '/api/v1/auth/login', { method: 'POST', body: { email: 'nobody@example.com', password: 'whatever123' } });
    expect(unknown.status).toBe(401);
  });

  it('logout ends the session', async () => {
    const u = await signUpVia(server.url, 'Leaver');
    expect((await call(server.url, u, '/api/v1/auth/me')).status).toBe(200);
    expect((await call(server.url, u, '/api/v1/auth/logout', { method: 'POST' })).status).toBe(204);
    expect((await call(server.url, u, '/api/v1/auth/me')).status).toBe(401);
  });
});

describe('API tokens', () => {
  it('are shown once, work as Bearer, are stored hashed and can be revoked', async () => {
    const created = await call(server.url, admin, '/api/v1/tokens', { method: 'POST', body: { name: 'Chrome extension' } });
    expect(created.status).toBe(201);
    const t = (await created.json()) as { id: string; token: string; prefix: string };
    expect(t.token).toMatch(/^weft_[\w-]{43}$/);
    const bearer: Caller = { bearer: t.token };
    expect((await call(server.url, bearer, '/api/v1/videos')).status).toBe(200);
    const rec = await call(server.url, bearer, '/api/v1/recordings', { method: 'POST', body: {} });
    expect(rec.status).toBe(201);
    const list = (await (await call(server.url, admin, '/api/v1/tokens')).json()) as { tokens: Array<Record<string, unknown>> };
    expect(list.tokens).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(t.token);
    expect(list.tokens[0]!.prefix).toBe(t.prefix);
    expect((await call(server.url, admin, `/api/v1/tokens/${t.id}`, { method: 'DELETE' })).status).toBe(204);
    const after = await call(server.url, bearer, '/api/v1/videos');
    expect(after.status).toBe(401);
  });

  it('other users cannot revoke my token', async () => {
    const t = (await (await call(server.url, admin, '/api/v1/tokens', { method: 'POST', body: {} })).json()) as { id: string };
    const other = await signUpVia(server.url, 'Other');
    expect((await call(server.url, other, `/api/v1/tokens/${t.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('tokens scoped to recording (the browser extension)', () => {
  it('may record, upload and list; anything else is 403 insufficient_scope', async () => {
    const created = await call(server.url, admin, '/api/v1/tokens', { method: 'POST', body: { name: 'Weft extension — Chrome on Linux', scope: 'recording' } });
    expect(created.status).toBe(201);
    const t = (await created.json()) as { id: string; token: string; scope: string };
    expect(t.scope).toBe('recording');
    const ext: Caller = { bearer: t.token };
    expect((await call(server.url, ext, '/api/v1/auth/me')).status).toBe(200);
    const rec = await call(server.url, ext, '/api/v1/recordings', { method: 'POST', body: { mode: 'screen' } });
    expect(rec.status).toBe(201);
    const { sessionId, videoId } = (await rec.json()) as { sessionId: string; videoId: string };
    expect((await call(server.url, ext, `/api/v1/recordings/${sessionId}/control`, { method: 'POST', body: { action: 'start' } })).status).toBe(200);
    const tus = await fetch(`${server.url}/api/v1/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}`, 'Tus-Resumable': '1.0.0', 'Upload-Defer-Length': '1', 'Upload-Metadata': `sessionId ${Buffer.from(sessionId).toString('base64')}` },
    });
    expect(tus.status).toBe(201);
    expect((await call(server.url, ext, '/api/v1/videos')).status).toBe(200);
    expect((await call(server.url, ext, `/api/v1/videos/${videoId}`)).status).toBe(200);
    const refused: Array<[string, string, unknown?]> = [
      ['DELETE', `/api/v1/videos/${videoId}`],
      ['PATCH', `/api/v1/videos/${videoId}`, { visibility: 'public' }],
      ['POST', `/api/v1/videos/${videoId}/share-links`, { expiresInSeconds: 60 }],
      ['GET', '/api/v1/tokens'],
      ['POST', '/api/v1/tokens', { scope: 'full' }],
      ['DELETE', `/api/v1/tokens/${t.id}`],
      ['POST', '/api/v1/webhooks', { url: 'https://example.com/hook' }],
      ['GET', '/api/v1/search?q=x'],
      ['GET', '/api/v1/notifications'],
    ];
    for (const [method, path, body] of refused) {
      const res = await call(server.url, ext, path, { method, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await errorCode(res), `${method} ${path}`).toBe('insufficient_scope');
    }
    // the token is listed with its scope for its owner, and revoking it ends it
    const list = (await (await call(server.url, admin, '/api/v1/tokens')).json()) as { tokens: Array<{ id: string; scope: string }> };
    expect(list.tokens.find((x) => x.id === t.id)?.scope).toBe('recording');
    expect((await call(server.url, admin, `/api/v1/tokens/${t.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(server.url, ext, '/api/v1/recordings', { method: 'POST', body: {} })).status).toBe(401);
  });

  it('an unknown scope is a 400', async () => {
    const res = await call(server.url, admin, '/api/v1/tokens', { method: 'POST', body: { scope: 'admin' } });
    expect(res.status).toBe(400);
  });
});

describe('extension grants: the one-time code and its trade', () => {
  const STATE = 'grant-state-0123456789';
  const grant = (c: Caller, body: unknown = { state: STATE, browser: 'Chrome on Linux' }) =>
    call(server.url, c, '/api/v1/extension/grants', { method: 'POST', body, headers: { origin: server.url } });
  // the extension calls from its own origin, without a cookie
  const trade = (body: unknown) => call(server.url, ANON, '/api/v1/extension/token', { method: 'POST', body, headers: { origin: 'chrome-extension://ohpdobcmiamfbnhpapngdmlhnigibjim' } });

  it('who may approve: a signed-in person in the web app — not anonymous, not an API token, not another site', async () => {
    expect((await grant(ANON)).status).toBe(401);
    const t = (await (await call(server.url, admin, '/api/v1/tokens', { method: 'POST', body: { name: 'script' } })).json()) as { token: string };
    expect((await grant({ bearer: t.token })).status).toBe(403);
    const cross = await call(server.url, admin, '/api/v1/extension/grants', { method: 'POST', body: { state: STATE }, headers: { origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    expect((await grant(admin, { state: '<script>' })).status).toBe(400);
  });

  it('a code is traded once, with its own state, for a recording token; nothing is made for a code nobody trades', async () => {
    const before = ((await (await call(server.url, admin, '/api/v1/tokens')).json()) as { tokens: unknown[] }).tokens.length;
    const made = await grant(admin);
    expect(made.status).toBe(201);
    const { code } = (await made.json()) as { code: string };
    // approved, not traded: no token yet
    expect(((await (await call(server.url, admin, '/api/v1/tokens')).json()) as { tokens: unknown[] }).tokens).toHaveLength(before);
    expect((await trade({ code, state: 'another-state-0123456789' })).status).toBe(403);
    const ok = await trade({ code, state: STATE });
    expect(ok.status).toBe(200);
    const got = (await ok.json()) as { token: string; user: { name: string } };
    expect(got.user.name).toBe('Admin');
    // the token records and does nothing else
    expect((await call(server.url, { bearer: got.token }, '/api/v1/recordings', { method: 'POST', body: {} })).status).toBe(201);
    expect((await call(server.url, { bearer: got.token }, '/api/v1/tokens')).status).toBe(403);
    // used once
    expect((await trade({ code, state: STATE })).status).toBe(403);
  });

  it('loops stop: approvals per account and failed trades per address are throttled', async () => {
    const other = await signUpVia(server.url, 'Approver');
    const codes = [];
    for (let i = 0; i < 12; i++) codes.push((await grant(other)).status);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.slice(10)).toEqual([429, 429]);
    const tries = [];
    for (let i = 0; i < 22; i++) tries.push((await trade({ code: `weftc_guess_${i}_0000000000`, state: STATE })).status);
    // 20 failed trades per address per 10 minutes (the test before spent two of them)
    const firstRefusal = tries.indexOf(429);
    expect(firstRefusal).toBeGreaterThan(0);
    expect(tries.slice(0, firstRefusal).every((c) => c === 403)).toBe(true);
    expect(tries.slice(firstRefusal).every((c) => c === 429)).toBe(true);
    expect(firstRefusal).toBeLessThanOrEqual(20);
  });
});

describe('/extension/connect', () => {
  it('the web app serves the extension as a zip, with the fixed key and the minimal permissions', async () => {
    const res = await fetch(`${server.url}/extension/weft-extension.zip`);
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    for (const f of ['manifest.json', 'background.js', 'offscreen.html', 'offscreen.js', 'popup.html', 'popup.js', 'bubble.html', 'connected.html', 'icons/128.png']) expect(files[f], f).toBeDefined();
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { manifest_version: number; permissions: string[]; host_permissions?: string[]; key: string };
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.permissions.sort()).toEqual(['activeTab', 'offscreen', 'scripting', 'storage', 'tabCapture']);
  });

  const ok = `extension=ohpdobcmiamfbnhpapngdmlhnigibjim&state=${'s'.repeat(24)}&browser=Chrome+on+Linux`;
  it('asks an anonymous visitor to log in first, and comes back', async () => {
    const res = await call(server.url, ANON, `/extension/connect?${ok}`);
    expect(res.status).toBe(307);
    const next = new URL(res.headers.get('location')!, server.url).searchParams.get('next')!;
    expect(next).toBe(`/extension/connect?${ok}`);
  });

  it('shows the approval for our extension, and refuses unknown extensions and broken links', async () => {
    const page = await (await call(server.url, admin, `/extension/connect?${ok}`)).text();
    expect(page).toContain('data-testid="connect-allow"');
    // the answer goes to this server's own page (the extension watches the tab it opened), never to an extension page
    expect(page).toContain('/extension/connected');
    expect(page).not.toContain('chrome-extension://');
    expect(page).toContain('Weft extension — Chrome on Linux');
    const other = await (await call(server.url, admin, `/extension/connect?${ok.replace('ohpdob', 'aaaaaa')}`)).text();
    expect(other).toContain('does not know that extension');
    expect(other).not.toContain('connect-allow');
    for (const q of ['', 'extension=zzz&state=abcdefghijklmnop', `extension=ohpdobcmiamfbnhpapngdmlhnigibjim&state=<script>`]) {
      const broken = await (await call(server.url, admin, `/extension/connect?${q}`)).text();
      expect(broken, q).toContain('connect link is broken');
    }
  });
});

describe('cross-site requests and headers', () => {
  it('refuses state changes from another origin; bearer requests are exempt', async () => {
    const evil = await call(server.url, admin, '/api/v1/recordings', { method: 'POST', body: {}, headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(await errorCode(evil)).toBe('csrf_rejected');
    const crossSite = await call(server.url, admin, '/api/v1/recordings', { method: 'POST', body: {}, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await call(server.url, admin, '/api/v1/recordings', { method: 'POST', body: {}, headers: { origin: server.url } });
    expect(sameOrigin.status).toBe(201);
    const tusEvil = await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', headers: { cookie: admin.cookie, origin: 'https://evil.example', 'Tus-Resumable': '1.0.0', 'Upload-Length': '4' } });
    expect(tusEvil.status).toBe(403);
    const t = (await (await call(server.url, admin, '/api/v1/tokens', { method: 'POST', body: {} })).json()) as { token: string };
    const scripted = await call(server.url, { bearer: t.token }, '/api/v1/recordings', { method: 'POST', body: {}, headers: { origin: 'https://extension.example' } });
    expect(scripted.status).toBe(201);
  });

  it('sends security headers with a CSP that still allows the player and wasm', async () => {
    const res = await fetch(`${server.url}/login`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("media-src 'self' blob:");
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('pages for signed-in users send anonymous visitors to log in', async () => {
    for (const p of ['/', '/record']) {
      const res = await call(server.url, ANON, p);
      expect(res.status, p).toBe(307);
      expect(res.headers.get('location'), p).toContain('/login?next=');
    }
  });
});

describe('closed sign-up', () => {
  it('lets only the first account in', async () => {
    const closedDir = tempDir('closed');
    const closed = await startServer(closedDir, { WEFT_SIGNUP: 'closed' });
    try {
      const first = await signUpVia(closed.url, 'Founder');
      expect(first.role).toBe('admin');
      const second = await call(closed.url, ANON, '/api/v1/auth/signup', { method: 'POST', body: { email: 'late@example.com', password: 'long enough pw', name: 'Late' } });
      expect(second.status).toBe(403);
      expect(await errorCode(second)).toBe('signup_closed');
    } finally {
      await closed.stop();
      fs.rmSync(closedDir, { recursive: true, force: true });
    }
  });
});
