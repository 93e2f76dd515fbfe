import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import Provider from 'oidc-provider';
import { freePort, spawnServer, waitUntilUp, type RunningServer } from '../tests/helpers/server';

/**
 * Single sign-on in Chromium against a real OpenID Provider (`oidc-provider`, started here with its
 * development log-in and consent pages): authorization code with PKCE, state and nonce; the account
 * made on first log-in from the verified e-mail claim joins the workspace whose domain matches; a
 * second log-in is the same account; a forged callback and an unverified address are refused; with
 * WEFT_PASSWORD_LOGIN=off single sign-on is the only way in.
 */
test.describe.configure({ mode: 'serial' });

let provider: Server;
let weft: RunningServer;
let issuer = '';
let weftPort = 0;
const dataDir = path.resolve('.tmp', `e2e-sso-${process.pid}`);

function startWeft(env: Record<string, string> = {}) {
  return spawnServer({
    dataDir,
    port: weftPort,
    env: {
      WEFT_OIDC_ISSUER: issuer,
      WEFT_OIDC_CLIENT_ID: 'weft-e2e',
      WEFT_OIDC_CLIENT_SECRET: 'a-client-secret-for-the-e2e-provider',
      WEFT_OIDC_NAME: 'Acme SSO',
      WEFT_TRANSCRIBE: 'off',
      ...env,
    },
  });
}

test.beforeAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const opPort = await freePort();
  weftPort = await freePort();
  issuer = `http://127.0.0.1:${opPort}`;
  const op = new Provider(issuer, {
    clients: [
      {
        client_id: 'weft-e2e',
        client_secret: 'a-client-secret-for-the-e2e-provider',
        redirect_uris: [`http://127.0.0.1:${weftPort}/api/v1/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // the development log-in page: any login name is an account; "unverified" has an unproven address
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, email: `${sub}@corp.example`, email_verified: sub !== 'unverified', name: `${sub[0]!.toUpperCase()}${sub.slice(1)} Lovelace` }),
    }),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['e2e-cookie-key'] },
  });
  provider = op.listen(opPort);
  weft = startWeft();
  await waitUntilUp(weft);
  // the instance's admin (password), whose workspace lets anyone at corp.example join
  const res = await fetch(`${weft.url}/api/v1/auth/signup`, { method: 'POST', body: JSON.stringify({ email: 'root@example.com', password: 'correct horse battery', name: 'Root' }) });
  expect(res.status).toBe(201);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const ws = (await (await fetch(`${weft.url}/api/v1/workspaces`, { headers: { cookie } })).json()) as { currentId: string };
  const patch = await fetch(`${weft.url}/api/v1/workspaces/${ws.currentId}`, {
    method: 'PATCH',
    headers: { cookie, 'content-type': 'application/json', origin: weft.url },
    body: JSON.stringify({ name: 'Corp', joinDomains: ['corp.example'] }),
  });
  expect(patch.status).toBe(200);
});

test.afterAll(async () => {
  await weft?.stop();
  await new Promise<void>((r) => (provider ? provider.close(() => r()) : r()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function signOn(page: import('@playwright/test').Page, login: string) {
  await page.goto(`${weft.url}/login?next=/settings`);
  await page.getByTestId('sso-login').click();
  await page.waitForURL(new RegExp(`^${issuer}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  // consent, the first time this client asks
  const cont = page.getByRole('button', { name: 'Continue' });
  if (await cont.isVisible({ timeout: 5000 }).catch(() => false)) await cont.click();
}

test('the first sign-on makes an account from the verified e-mail claim, in the workspace of its domain', async ({ page }) => {
  await signOn(page, 'ada');
  await page.waitForURL(`${weft.url}/settings`);
  await expect(page.getByTestId('current-user')).toHaveText('Ada Lovelace');
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json());
  expect(me.user).toMatchObject({ email: 'ada@corp.example', name: 'Ada Lovelace', role: 'member' });
  const ws = await page.evaluate(async () => (await fetch('/api/v1/workspaces')).json());
  expect(ws.workspaces.map((w: { name: string; role: string }) => `${w.name}:${w.role}`)).toEqual(['Corp:member']);
  // an account of single sign-on has no password to change: it may set one
  await expect(page.getByTestId('change-password-submit')).toHaveText('Set a password');
});

test('signing on again is the same account', async ({ page }) => {
  await signOn(page, 'ada');
  await page.waitForURL(`${weft.url}/settings`);
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json());
  const accounts = await fetch(`${weft.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ email: 'root@example.com', password: 'correct horse battery' }) });
  const cookie = accounts.headers.get('set-cookie')!.split(';')[0]!;
  const users = (await (await fetch(`${weft.url}/api/v1/admin/users`, { headers: { cookie } })).json()) as { users: Array<{ id: string; email: string; ssoOnly: boolean }> };
  expect(users.users.filter((u) => u.email === 'ada@corp.example')).toEqual([expect.objectContaining({ id: me.user.id, ssoOnly: true })]);
});

test('a forged or replayed callback and an unverified address are refused with a reason on the log-in page', async ({ page }) => {
  await page.goto(`${weft.url}/api/v1/auth/oidc/callback?code=made-up&state=not-mine`);
  await expect(page.getByTestId('login-error')).toContainText('did not start in this browser');
  await signOn(page, 'unverified');
  await page.waitForURL(/\/login\?error=/);
  await expect(page.getByTestId('login-error')).toContainText('not verified your e-mail address');
});

test('with WEFT_PASSWORD_LOGIN=off single sign-on is the only way in', async ({ page }) => {
  await weft.stop();
  weft = startWeft({ WEFT_PASSWORD_LOGIN: 'off' });
  await waitUntilUp(weft);
  await page.goto(`${weft.url}/login`);
  await expect(page.getByTestId('sso-login')).toHaveText('Continue with Acme SSO');
  await expect(page.getByTestId('auth-email')).toHaveCount(0);
  await expect(page.getByTestId('forgot-password')).toHaveCount(0);
  const refused = await fetch(`${weft.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ email: 'root@example.com', password: 'correct horse battery' }) });
  expect(refused.status).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('password_login_off');
  await signOn(page, 'grace');
  await page.waitForURL(`${weft.url}/settings`);
  await expect(page.getByTestId('current-user')).toHaveText('Grace Lovelace');
});
