import { expect, test, type Page } from '@playwright/test';
import { signUp } from './helpers';

/** Starts a recording on /record; resolves with the video's id (from the recordings API's answer). */
async function startRecording(page: Page): Promise<string> {
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/recordings') && r.status() === 201);
  await page.getByTestId('record-start').click();
  const { videoId } = (await (await created).json()) as { videoId: string };
  await expect(page.getByTestId('record-stop')).toBeVisible({ timeout: 45_000 });
  return videoId;
}

const frames = (v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames;

test('a share link opened while recording plays the recording live, and plays on through Stop', async ({ page, browser }) => {
  await signUp(page, 'Live');
  const videoId = await startRecording(page);

  // someone opens the link at once, before anything plays: the page says so, then plays without a reload
  const viewer = await (await browser.newContext()).newPage();
  const failed: string[] = [];
  viewer.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await viewer.goto(`/v/${videoId}`);
  await viewer.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  const video = viewer.locator('[data-testid="player"] video');
  await expect(video).toBeAttached({ timeout: 20_000 });
  await expect(viewer.getByTestId('player')).toContainText('Recording');
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  // frames decoded while the recording goes on
  await expect.poll(() => video.evaluate(frames), { timeout: 20_000 }).toBeGreaterThan(10);
  expect((await (await page.request.get(`/api/v1/videos/${videoId}`)).json()) as { status: string; live: boolean }).toMatchObject({ live: true });
  const stream = (await (await viewer.request.get(`/api/v1/streams/${videoId}`)).json()) as { status: string };
  expect(stream.status).toBe('live');

  // an embed opened now plays too
  const embed = await (await browser.newContext()).newPage();
  await embed.goto(`/embed/${videoId}?autoplay=1&muted=1`);
  await expect.poll(() => embed.locator('video').evaluate(frames), { timeout: 20_000 }).toBeGreaterThan(5);
  await embed.context().close();

  await page.waitForTimeout(3000);
  await page.getByTestId('record-stop').click();
  await expect(page.getByTestId('share-link')).toBeVisible();
  // the viewer plays on to the end of the recording, in the same document, the badge gone
  await expect(viewer.getByTestId('player').locator('.weft-live')).toBeHidden({ timeout: 30_000 });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(5);
  expect(await viewer.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await expect(viewer.getByTestId('video-status')).toContainText(/Playable|Ready/, { timeout: 60_000 });
  expect(failed).toEqual([]);
  await viewer.context().close();
});

test('a recording that has no frame yet says it is being received, and no media is handed out', async ({ page }) => {
  await signUp(page, 'Early');
  const rec = (await (await page.request.post('/api/v1/recordings', { data: { title: 'Not started' } })).json()) as { videoId: string };
  const res = await page.request.get(`/api/v1/streams/${rec.videoId}`);
  expect(res.status()).toBe(409);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('video_not_ready');
  await page.goto(`/v/${rec.videoId}`);
  await expect(page.getByTestId('video-processing')).toContainText('Receiving the recording');
  await expect(page.locator('[data-testid="player"] video')).toHaveCount(0);
});
