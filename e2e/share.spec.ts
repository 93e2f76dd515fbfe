import { expect, test, type Page } from '@playwright/test';
import { signUp } from './helpers';

async function expectPlays(page: Page) {
  const video = page.locator('[data-testid="player"] video');
  await expect(video).toBeAttached({ timeout: 60_000 });
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.5);
}

test('sign up → record → make private → share an expiring link → an anonymous browser watches, then the link stops working', async ({ page, browser }) => {
  await signUp(page, 'Grace');
  await page.getByTestId('record-start').click();
  await expect(page.getByTestId('record-stop')).toBeVisible();
  await page.waitForTimeout(3000);
  await page.getByTestId('record-stop').click();
  await page.getByTestId('share-link').click();
  await expect(page.getByTestId('video-status')).toContainText('Ready', { timeout: 90_000 });
  const videoUrl = new URL(page.url());
  const videoId = videoUrl.pathname.split('/').pop()!;

  // the owner makes it private and creates a link from the share panel
  await page.getByTestId('visibility').selectOption('private');
  await expect(page.getByTestId('share-panel')).toContainText('Saved.');
  await page.getByTestId('link-expiry').selectOption('60');
  await page.getByTestId('create-share-link').click();
  const shared = await page.getByTestId('share-link-url').inputValue();
  expect(shared).toMatch(new RegExp(`/v/${videoId}\\?token=`));

  const anonymous = await browser.newContext();
  const viewer = await anonymous.newPage();
  // without the link's token a private video does not exist
  const plain = await viewer.goto(`/v/${videoId}`);
  expect(plain?.status()).toBe(404);
  // with it, it plays
  await viewer.goto(new URL(shared!).pathname + new URL(shared!).search);
  await expectPlays(viewer);

  // a link that expires in 3 s: works now, then shows a clear 403 page
  const shortLink = (await (await page.request.post(`/api/v1/videos/${videoId}/share-links`, { data: { expiresInSeconds: 3 } })).json()) as { url: string };
  const shortPath = new URL(shortLink.url).pathname + new URL(shortLink.url).search;
  const before = await viewer.goto(shortPath);
  expect(before?.status()).toBe(200);
  await expect.poll(async () => (await viewer.goto(shortPath))?.status(), { timeout: 10_000, intervals: [500] }).toBe(403);
  await expect(viewer.getByTestId('error-page')).toHaveAttribute('data-code', 'share_link_expired');
  await expect(viewer.getByTestId('error-page')).toContainText('This link has expired');

  // revoking the first link from the panel ends it too
  await page.reload();
  await expect(page.getByTestId('share-link')).toHaveCount(1); // the expired one has left the list
  await page.getByTestId('share-links').getByRole('button', { name: 'Revoke' }).first().click();
  await expect(page.getByTestId('share-links').getByRole('button', { name: 'Revoke' })).toHaveCount(0);
  const revoked = await viewer.goto(new URL(shared!).pathname + new URL(shared!).search);
  expect(revoked?.status()).toBe(403);
  await anonymous.close();
});

test('a password-protected video asks once per browser session', async ({ page, browser }) => {
  await signUp(page, 'Linus');
  const rec = (await (await page.request.post('/api/v1/recordings', { data: { title: 'Secret plan' } })).json()) as { videoId: string };
  await page.goto(`/v/${rec.videoId}`);
  await page.getByTestId('set-password').fill('open sesame');
  await page.getByRole('button', { name: 'Protect' }).click();
  await expect(page.getByTestId('share-panel')).toContainText('Password set');

  const anonymous = await browser.newContext();
  const viewer = await anonymous.newPage();
  await viewer.goto(`/v/${rec.videoId}`);
  await viewer.getByTestId('video-password').fill('wrong guess');
  await viewer.getByTestId('video-unlock').click();
  await expect(viewer.getByTestId('password-gate').getByRole('alert')).toContainText('not right');
  await viewer.getByTestId('video-password').fill('open sesame');
  await viewer.getByTestId('video-unlock').click();
  await expect(viewer.getByRole('heading', { name: 'Secret plan' })).toBeVisible();
  await viewer.reload();
  await expect(viewer.getByRole('heading', { name: 'Secret plan' })).toBeVisible();
  await anonymous.close();
});
