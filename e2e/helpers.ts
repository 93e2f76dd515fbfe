import { expect, type Page } from '@playwright/test';

let n = 0;
/** Signs up through the real form; the browser context keeps the session cookie. */
export async function signUp(page: Page, name = 'Ada'): Promise<string> {
  const email = `${name.toLowerCase()}-${Date.now()}-${n++}@example.com`;
  await page.goto('/signup?next=/record');
  await page.getByTestId('auth-name').fill(name);
  await page.getByTestId('auth-email').fill(email);
  await page.getByTestId('auth-password').fill('correct horse battery');
  await page.getByTestId('auth-submit').click();
  await page.waitForURL((u) => u.pathname === '/record');
  await expect(page.getByTestId('current-user')).toHaveText(name);
  return email;
}

export async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}
