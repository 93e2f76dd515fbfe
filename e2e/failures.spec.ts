import { expect, test } from '@playwright/test';
import * as tus from 'tus-js-client';
import { cookieHeader, signUp } from './helpers';

test('an upload that is not a video shows "not a video" on the watch page', async ({ page, baseURL }) => {
  await signUp(page);
  const request = page.request;
  const rec = (await (await request.post('/api/v1/recordings', { data: { title: 'Meeting notes' } })).json()) as {
    sessionId: string;
    videoId: string;
  };
  const cookie = await cookieHeader(page);
  await new Promise<void>((resolve, reject) => {
    new tus.Upload(Buffer.from('Agenda: 1. budget 2. hiring\n'.repeat(500)), {
      endpoint: `${baseURL}/api/v1/uploads`,
      headers: { cookie },
      metadata: { sessionId: rec.sessionId, filename: 'notes.txt', filetype: 'text/plain' },
      onSuccess: () => resolve(),
      onError: reject,
    }).start();
  });
  await page.goto(`/v/${rec.videoId}`);
  const error = page.getByTestId('video-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('not a video');
  await expect(page.getByRole('heading', { name: 'Meeting notes' })).toBeVisible();
  // the server keeps serving
  expect((await request.get('/api/v1/videos')).status()).toBe(200);
});

test('the share page answers at once while the recording is still uploading', async ({ page }) => {
  await signUp(page);
  const request = page.request;
  const rec = (await (await request.post('/api/v1/recordings', { data: { title: 'Not yet uploaded' } })).json()) as {
    videoId: string;
  };
  await page.goto(`/v/${rec.videoId}`);
  await expect(page.getByTestId('video-processing')).toContainText('Receiving the recording');
});

test('an unknown video shows a not-found page', async ({ page }) => {
  const res = await page.goto('/v/00000000-0000-4000-8000-000000000000');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Video not found' })).toBeVisible();
});
