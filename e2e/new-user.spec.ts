import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { cookieHeader, signUp, uploadTestVideo } from './helpers';
import { ADMIN } from './setup';

/**
 * What a new user met first: renaming and deleting (with Undo), the error pages by code, share
 * links that stay listed, and every page at a real phone width, signed in and out.
 */

/**
 * Sideways overflow as a phone shows it. The context is *not* mobile-emulated: there the layout
 * viewport grows to the content and the page's own width always fits. Here the viewport is 390 CSS
 * px, so content wider than that makes the document scroll sideways — `wide` > 0 — and the
 * elements that stick out (outside any box that scrolls or clips on its own) are named.
 */
async function overflowOf(page: Page): Promise<{ wide: number; culprits: string[] }> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const clipped = (el: Element) => {
      // an absolutely placed box escapes a scroll box that is not its containing block: not counted as clipped
      if (getComputedStyle(el).position === 'absolute' || getComputedStyle(el).position === 'fixed') return false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        if (x !== 'visible') return true;
      }
      return false;
    };
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') return false;
        return (r.right > vw + 0.5 || r.left < -0.5) && !clipped(el);
      })
      // named only when the page does scroll sideways (a box clipped by its scroll box is fine)
      .filter(() => document.documentElement.scrollWidth > vw)
      .slice(0, 6)
      .map((el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''} [${Math.round(el.getBoundingClientRect().left)}, ${Math.round(el.getBoundingClientRect().right)}]`);
    return { wide: document.documentElement.scrollWidth - vw, culprits };
  });
}

async function phoneOf(browser: Browser, page?: Page): Promise<BrowserContext> {
  const storageState = page ? await page.context().storageState() : undefined;
  return browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, storageState });
}

async function expectFits(p: Page, url: string, shot: string): Promise<void> {
  await p.goto(url);
  await p.waitForLoadState('networkidle').catch(() => undefined);
  await p.waitForTimeout(300);
  await p.screenshot({ path: test.info().outputPath(`${shot}.png`), fullPage: true });
  expect(await overflowOf(p), `${url} at 390 px`).toEqual({ wide: 0, culprits: [] });
}

test('rename in place and delete with Undo, on the watch page and on a library card', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signUp(page, 'Renata');
  const first = await uploadTestVideo(page, baseURL!, { seconds: 4, title: 'Recording one' });
  const second = await uploadTestVideo(page, baseURL!, { seconds: 4, title: 'Recording two' });

  // the watch page: the pencil opens a field; Escape keeps the old title, Enter saves the new one
  await page.goto(`/v/${first}`);
  await page.getByTestId('video-title-edit').click();
  await page.getByTestId('video-title-input').fill('Not this');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('video-title')).toHaveText('Recording one');
  await page.getByTestId('video-title-edit').click();
  await page.getByTestId('video-title-input').fill('Quarterly plan walkthrough');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('video-title')).toHaveText('Quarterly plan walkthrough');
  await page.screenshot({ path: test.info().outputPath('watch-renamed.png') });
  await page.reload();
  await expect(page.getByTestId('video-title')).toHaveText('Quarterly plan walkthrough');

  // delete asks first; Cancel keeps the video
  await page.getByTestId('video-delete').click();
  await expect(page.getByTestId('confirm-dialog')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('delete-confirm.png') });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('confirm-dialog')).toBeHidden();
  // …Delete hides it at once and lands in the library with Undo
  await page.getByTestId('video-delete').click();
  await page.getByTestId('confirm-yes').click();
  await page.waitForURL((u) => u.pathname === '/');
  await expect(page.getByTestId('undo-delete')).toContainText('Quarterly plan walkthrough');
  await expect(page.getByTestId('library-card').filter({ hasText: 'Quarterly plan walkthrough' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('library-undo.png') });
  const cookie = await cookieHeader(page);
  expect((await fetch(`${baseURL}/api/v1/videos/${first}`, { headers: { cookie } })).status).toBe(404);
  await page.getByTestId('undo-delete-button').click();
  await expect(page.getByTestId('library-card').filter({ hasText: 'Quarterly plan walkthrough' })).toHaveCount(1);
  await expect(page.getByTestId('undo-delete')).toHaveCount(0);
  // back as it was: it plays again
  await page.goto(`/v/${first}`);
  await expect(page.locator('[data-testid="player"] video')).toBeAttached({ timeout: 30_000 });

  // a library card: rename in place, delete from the card, Undo
  await page.goto('/');
  const card = page.getByTestId('library-card').filter({ hasText: 'Recording two' });
  await card.hover();
  await card.getByTestId('video-title-edit').click();
  // (the card's text is in the field now: the field is the page's only one)
  await page.getByTestId('video-title-input').fill('Design review');
  await page.getByTestId('video-title-save').click();
  await expect(page.getByTestId('library-card').filter({ hasText: 'Design review' })).toHaveCount(1);
  const renamed = page.getByTestId('library-card').filter({ hasText: 'Design review' });
  await renamed.hover();
  await renamed.getByTestId('card-delete').click();
  await page.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('library-card').filter({ hasText: 'Design review' })).toHaveCount(0);
  await expect(page.getByTestId('undo-delete')).toContainText('Design review');
  await page.getByTestId('undo-delete-button').click();
  await expect(page.getByTestId('library-card').filter({ hasText: 'Design review' })).toHaveCount(1);
  expect(((await (await fetch(`${baseURL}/api/v1/videos/${second}`, { headers: { cookie } })).json()) as { title: string }).title).toBe('Design review');
});

test('each refusal says what it is: not allowed, not found, link expired or revoked, signed out', async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  await signUp(page, 'Rita');
  const videoId = await uploadTestVideo(page, baseURL!, { seconds: 3, title: 'Private notes' });

  // a member on the admins' page
  let res = await page.goto('/settings/jobs');
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId('error-page')).toHaveAttribute('data-code', 'not_allowed');
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await expect(page.getByTestId('error-page')).not.toContainText('link');

  res = await page.goto('/v/00000000-0000-4000-8000-000000000000');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('error-page')).toHaveAttribute('data-code', 'video_not_found');
  res = await page.goto('/no/such/page');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('error-page')).toHaveAttribute('data-code', 'not_found');

  // links: revoked, unknown — and a private video seen signed out offers to log in
  expect((await page.request.patch(`/api/v1/videos/${videoId}`, { data: { visibility: 'private' } })).status()).toBe(200);
  const link = (await (await page.request.post(`/api/v1/videos/${videoId}/share-links`, { data: { expiresInSeconds: 3600 } })).json()) as { id: string; url: string };
  expect((await page.request.delete(`/api/v1/videos/${videoId}/share-links/${link.id}`)).status()).toBe(204);
  const out = await browser.newContext();
  const viewer = await out.newPage();
  const linkPath = new URL(link.url).pathname + new URL(link.url).search;
  res = await viewer.goto(linkPath);
  expect(res?.status()).toBe(403);
  await expect(viewer.getByTestId('error-page')).toHaveAttribute('data-code', 'share_link_revoked');
  res = await viewer.goto(`/v/${videoId}?token=mistyped`);
  await expect(viewer.getByTestId('error-page')).toHaveAttribute('data-code', 'share_link_invalid');
  res = await viewer.goto(`/v/${videoId}`);
  expect(res?.status()).toBe(404);
  await expect(viewer.getByTestId('error-page')).toHaveAttribute('data-code', 'video_not_found');
  await expect(viewer.getByTestId('error-login')).toHaveAttribute('href', `/login?next=${encodeURIComponent(`/v/${videoId}`)}`);
  await viewer.screenshot({ path: test.info().outputPath('error-signed-out.png') });
  await out.close();
});

test('share links stay listed with their address and Copy; expired ones leave the list; a public video needs none', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signUp(page, 'Sasha');
  const videoId = await uploadTestVideo(page, baseURL!, { seconds: 3, title: 'Shared plan' });
  await page.goto(`/v/${videoId}`);
  await page.getByTestId('visibility').selectOption('private');
  await expect(page.getByTestId('share-message')).toContainText('Saved');
  await page.getByTestId('link-expiry').selectOption('60');
  await page.getByTestId('create-share-link').click();
  const listed = page.getByTestId('share-link');
  await expect(listed).toHaveCount(1);
  const url = await listed.getByTestId('share-link-url').inputValue();
  expect(url).toMatch(new RegExp(`/v/${videoId}\\?token=`));
  // after a reload: the same address, with Copy
  await page.reload();
  await expect(page.getByTestId('share-link')).toHaveCount(1);
  await expect(page.getByTestId('share-link-url')).toHaveValue(url);
  await expect(page.getByTestId('share-link').getByRole('button', { name: 'Copy' })).toBeVisible();
  await page.getByTestId('share-panel').screenshot({ path: test.info().outputPath('share-links.png') });
  // a 3 s link: listed while it lives, gone from the list once expired
  await page.request.post(`/api/v1/videos/${videoId}/share-links`, { data: { expiresInSeconds: 3 } });
  await page.reload();
  await expect(page.getByTestId('share-link')).toHaveCount(2);
  await page.waitForTimeout(3500);
  await page.reload();
  await expect(page.getByTestId('share-link')).toHaveCount(1);
  // public: an expiring link would add nothing, and the panel says so instead of offering one
  await page.getByTestId('visibility').selectOption('public');
  await expect(page.getByTestId('create-share-link')).toHaveCount(0);
  await expect(page.getByTestId('share-links-note')).toContainText('adds nothing');
});

test('every page at 390 px (a real width, not emulated), signed in and out: nothing wider than the screen', async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  await signUp(page, 'Pham');
  const videoId = await uploadTestVideo(page, baseURL!, { seconds: 4, title: 'A title long enough to need wrapping on a phone screen' });
  await page.request.patch(`/api/v1/videos/${videoId}`, { data: { visibility: 'public' } });
  await page.request.post('/api/v1/tokens', { data: { name: 'A script with a rather long name for a token', scope: 'full' } });

  const phone = await phoneOf(browser, page);
  const p = await phone.newPage();
  // the measure itself fails on content wider than the screen
  await p.goto('/settings');
  const wider = await p.evaluate(() => {
    const probe = document.createElement('div');
    probe.style.cssText = 'width:600px;height:4px';
    document.querySelector('main')!.append(probe);
    const wide = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    probe.remove();
    return wide;
  });
  expect(wider).toBeGreaterThan(0);

  for (const [url, shot] of [
    ['/', 'library'],
    [`/v/${videoId}`, 'watch'],
    [`/embed/${videoId}`, 'embed'],
    ['/record', 'record'],
    ['/settings', 'settings'],
    ['/settings/workspace', 'workspace-settings'],
    ['/reset-password', 'reset-password'],
    ['/settings/jobs', 'jobs-refused'],
    ['/v/00000000-0000-4000-8000-000000000000', 'video-not-found'],
    ['/no/such/page', 'not-found'],
  ] as const) {
    await expectFits(p, url, `390-in-${shot}`);
  }
  // the header's menu opens within the screen and holds the account's links
  await p.goto('/');
  await p.getByTestId('nav-toggle').click();
  await expect(p.getByRole('link', { name: 'Settings' })).toBeVisible();
  await expect(p.getByTestId('logout')).toBeVisible();
  await p.screenshot({ path: test.info().outputPath('390-in-menu.png') });
  expect(await overflowOf(p)).toEqual({ wide: 0, culprits: [] });
  await p.keyboard.press('Escape');
  await expect(p.getByTestId('logout')).toBeHidden();
  await phone.close();

  // the admin's pages
  const adminPhone = await phoneOf(browser);
  const a = await adminPhone.newPage();
  await a.goto('/login');
  await a.getByTestId('auth-email').fill(ADMIN.email);
  await a.getByTestId('auth-password').fill(ADMIN.password);
  await a.getByTestId('auth-submit').click();
  await a.waitForURL((u) => u.pathname === '/');
  await expectFits(a, '/settings/jobs', '390-admin-jobs');
  await adminPhone.close();

  // signed out
  const anon = await phoneOf(browser);
  const o = await anon.newPage();
  for (const [url, shot] of [
    ['/login', 'login'],
    ['/signup', 'signup'],
    [`/v/${videoId}`, 'watch'],
    [`/embed/${videoId}`, 'embed'],
    ['/v/00000000-0000-4000-8000-000000000000', 'video-not-found'],
  ] as const) {
    await expectFits(o, url, `390-out-${shot}`);
  }
  await anon.close();
});
