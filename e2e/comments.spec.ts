import { expect, test, type Page } from '@playwright/test';
import { signUp, uploadTestVideo } from './helpers';

const uploadVideo = (page: Page, baseURL: string) => uploadTestVideo(page, baseURL, { title: 'Feedback wanted' });

test('two viewers see each other’s comment and reaction live; anonymous comments follow the owner’s choice', async ({ page, browser, baseURL }) => {
  await signUp(page, 'Owner');
  const videoId = await uploadVideo(page, baseURL!);
  await page.goto(`/v/${videoId}`);
  await expect(page.getByTestId('comments-panel')).toBeVisible();

  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await signUp(guest, 'Grace');
  await guest.goto(`/v/${videoId}`);
  await expect(guest.getByTestId('comments-panel')).toBeVisible();

  // Grace comments; the owner's open page shows it within 2 s, with a mark on the timeline
  await guest.getByTestId('comment-text').fill('Can we move the launch to Friday?');
  await guest.getByTestId('comment-send').click();
  await expect(guest.getByTestId('comment-body')).toHaveText('Can we move the launch to Friday?');
  await expect(page.getByTestId('comment-body')).toHaveText('Can we move the launch to Friday?', { timeout: 2000 });
  await expect(page.locator('[data-testid="mark-comment"]')).toHaveCount(1);

  // the owner reacts; Grace's page shows the reaction mark within 2 s
  await page.getByRole('button', { name: 'React 🎉' }).click();
  await expect(guest.locator('[data-testid="mark-reaction"]')).toHaveCount(1, { timeout: 2000 });

  // the owner answers in the thread
  await page.getByRole('button', { name: 'Reply' }).click();
  await page.getByTestId('reply-text').fill('Friday works.');
  await page.getByTestId('reply-send').click();
  await expect(guest.locator('.comment-replies [data-testid="comment-body"]')).toHaveText('Friday works.', { timeout: 2000 });

  // anonymous viewers: refused while the owner allows signed-in viewers only, welcome (with a name) when anyone may comment
  const anonContext = await browser.newContext();
  const anon = await anonContext.newPage();
  await anon.goto(`/v/${videoId}`);
  await expect(anon.getByTestId('comments-closed')).toHaveText('Log in to comment.');
  const refused = await anon.request.post(`/api/v1/videos/${videoId}/comments`, { data: { text: 'let me in', atSec: 1, name: 'Anon' } });
  expect(refused.status()).toBe(401);
  await page.getByTestId('comment-policy').selectOption('anyone');
  await expect.poll(async () => ((await (await anon.request.get(`/api/v1/videos/${videoId}`)).json()) as { comments: string }).comments).toBe('anyone');
  await anon.reload();
  await anon.getByTestId('comment-name').fill('Visitor');
  await anon.getByTestId('comment-text').fill('Looks great');
  await anon.getByTestId('comment-send').click();
  await expect(page.getByTestId('comment-body').filter({ hasText: 'Looks great' })).toBeVisible({ timeout: 2000 });
  await page.getByTestId('comment-policy').selectOption('nobody');
  await expect.poll(async () => (await anon.request.post(`/api/v1/videos/${videoId}/comments`, { data: { text: 'again', atSec: 1, name: 'Visitor' } })).status()).toBe(403);

  await guestContext.close();
  await anonContext.close();
});
