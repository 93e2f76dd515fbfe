/** A small HTTP client for tests against a running server, with a session cookie or a bearer token. */
export interface Caller {
  cookie?: string;
  bearer?: string;
  userId?: string;
}

export const ANON: Caller = {};

let n = 0;
export async function signUpVia(base: string, name: string, password = 'correct horse battery'): Promise<Required<Pick<Caller, 'cookie' | 'userId'>> & { email: string; role: string }> {
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}-${n++}@example.com`;
  const res = await fetch(`${base}/api/v1/auth/signup`, { method: 'POST', body: JSON.stringify({ email, password, name }) });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const body = (await res.json()) as { user: { id: string; role: string } };
  return { cookie, userId: body.user.id, email, role: body.user.role };
}

export function authHeaders(c: Caller): Record<string, string> {
  const h: Record<string, string> = {};
  if (c.cookie) h.cookie = c.cookie;
  if (c.bearer) h.authorization = `Bearer ${c.bearer}`;
  return h;
}

export function call(base: string, c: Caller, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(base + path, {
    method: init.method ?? 'GET',
    headers: { ...authHeaders(c), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    redirect: 'manual',
  });
}
