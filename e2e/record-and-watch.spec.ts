import { expect, test } from '@playwright/test';
import { signUp } from './helpers';

test('record ~5 s of screen + mic, stop, and the share page plays the HLS result', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await signUp(page);
  await page.getByTestId('record-start').click();
  await expect(page.getByTestId('record-stop')).toBeVisible();
  await page.waitForTimeout(5000);
  await page.getByTestId('record-stop').click();
  const stoppedAt = Date.now();

  const link = page.getByTestId('share-link');
  await expect(link).toBeVisible();
  await expect(page.getByTestId('upload-progress')).toHaveText(/^Uploaded [\d.]+ [KM]B$/);
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/v\/[0-9a-f-]{36}$/);
  const videoId = href!.split('/').pop()!;

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/v/${videoId}$`));
  await expect(page.getByTestId('video-status')).toContainText('Ready', { timeout: 90_000 });
  const readyMs = Date.now() - stoppedAt;

  const video = page.locator('[data-testid="player"] video');
  await expect(video).toBeAttached();
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(1);

  const api = await page.request.get(`/api/v1/videos/${videoId}`);
  const body = (await api.json()) as { status: string; durationMs: number; width: number; height: number };
  expect(body.status).toBe('ready');
  expect(body.durationMs).toBeGreaterThan(3500);
  expect(body.durationMs).toBeLessThan(9000);
  const stream = (await (await page.request.get(`/api/v1/streams/${videoId}`)).json()) as {
    renditions: Array<{ name: string }>;
  };
  console.log(
    `e2e: Stop → ready ${readyMs} ms; source ${body.width}x${body.height}, ${(body.durationMs / 1000).toFixed(1)} s; ` +
      `ladder ${stream.renditions.map((r) => r.name).join(', ')}`,
  );
  expect(stream.renditions.length).toBeGreaterThanOrEqual(2);
  expect(failed).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
