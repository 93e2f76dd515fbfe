import type { FullConfig } from '@playwright/test';

/** The e2e server's first account (so its admin): specs that need an admin log in with these. */
export const ADMIN = { name: 'Admin', email: 'admin@e2e.example.com', password: 'correct horse battery' };

export default async function setup(config: FullConfig): Promise<void> {
  const base = config.projects[0]?.use.baseURL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
  const res = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`could not make the e2e admin: ${res.status} ${await res.text()}`);
}
