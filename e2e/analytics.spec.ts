import { test, expect, type Browser, type Page } from '@playwright/test';
import { cookieHeader, signUp, uploadTestVideo } from './helpers';

/**
 * Scripted viewing in Chromium, then the owner's insights: the retention curve has exactly the
 * seconds watched; two browsers are two unique viewers; Do-Not-Track / GPC count the view but keep
 * no viewer id.
 */
interface Insights {
  views: number;
  uniqueViewers: number;
  seenBy: Array<{ name: string }>;
  retention: Array<{ t: number; viewers: number }>;
}

async function insights(baseURL: string, cookie: string, videoId: string): Promise<Insights> {
  return (await (await fetch(`${baseURL}/api/v1/videos/${videoId}/insights`, { headers: { cookie } })).json()) as Insights;
}

/** Plays the watch page's video through `plan`: play from `from`, jump at each `at` to `to`, pause at `end`. */
async function watch(browser: Browser, baseURL: string, videoId: string, plan: { jumps: Array<[number, number]>; end: number }, privacy = false): Promise<void> {
  const ctx = await browser.newContext({ baseURL, ...(privacy ? { extraHTTPHeaders: { DNT: '1', 'Sec-GPC': '1' } } : {}) });
  if (privacy) await ctx.addInitScript('Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true })');
  const page: Page = await ctx.newPage();
  await page.goto(`/v/${videoId}`);
  await expect(page.locator('video')).toHaveCount(1);
  await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
  await page.evaluate(
    ({ jumps, end }) =>
      new Promise<void>((resolve) => {
        const v = document.querySelector('video')!;
        v.muted = true;
        let next = 0;
        v.addEventListener('timeupdate', () => {
          const j = jumps[next];
          if (j && v.currentTime >= j[0]) {
            next += 1;
            v.currentTime = j[1];
          } else if (!j && v.currentTime >= end && !v.paused) {
            v.pause();
            resolve();
          }
        });
        v.currentTime = 0;
        void v.play();
      }),
    plan,
  );
  // the pause sent the last beat; leaving the page sends nothing more
  await page.waitForTimeout(500);
  await ctx.close();
}

test('watching 0–20 s, a seek to 40 and on to 50: the owner sees exactly those seconds; two browsers are two viewers; DNT keeps no id', async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  await signUp(page, 'Olga');
  const videoId = await uploadTestVideo(page, baseURL!, { seconds: 60, title: 'Watched closely' });
  const cookie = await cookieHeader(page);
  await watch(browser, baseURL!, videoId, { jumps: [[20, 40]], end: 50 });
  // the rollup runs every 2 s: the first one may hold the view before the beats after the seek,
  // so wait for the curve itself
  const watched = [...Array.from({ length: 20 }, (_, k) => k), ...Array.from({ length: 10 }, (_, k) => 40 + k)];
  await expect
    .poll(async () => (await insights(baseURL!, cookie, videoId)).retention.filter((p) => p.viewers > 0).map((p) => p.t), { timeout: 30_000 })
    .toEqual(watched);
  const first = await insights(baseURL!, cookie, videoId);
  expect(first.views).toBe(1);
  expect(first.uniqueViewers).toBe(1);

  // a second browser: a second unique viewer
  await watch(browser, baseURL!, videoId, { jumps: [], end: 5 });
  await expect.poll(async () => (await insights(baseURL!, cookie, videoId)).uniqueViewers, { timeout: 30_000 }).toBe(2);
  // Do-Not-Track and Global Privacy Control: the view counts, no viewer id is kept
  await watch(browser, baseURL!, videoId, { jumps: [], end: 5 }, true);
  await expect.poll(async () => (await insights(baseURL!, cookie, videoId)).views, { timeout: 30_000 }).toBe(3);
  expect((await insights(baseURL!, cookie, videoId)).uniqueViewers).toBe(2);

  // the owner's panel on the watch page
  await page.goto(`/v/${videoId}`);
  await expect(page.getByTestId('insight-views')).toHaveText('3');
  await expect(page.getByTestId('insight-uniques')).toHaveText('2');
  await expect(page.getByTestId('retention-chart').locator('canvas')).toHaveCount(1);
  await page.getByTestId('insights').screenshot({ path: test.info().outputPath('insights.png') });
  // the owner's own look (6 s of playback) is not a view and puts no one under "Seen by"
  await page.evaluate(async () => {
    const v = document.querySelector('video')!;
    v.muted = true;
    await v.play();
    await new Promise<void>((resolve) => v.addEventListener('timeupdate', () => v.currentTime >= 6 && resolve()));
    v.pause();
  });
  await page.waitForTimeout(5000); // two rollups
  const after = await insights(baseURL!, cookie, videoId);
  expect([after.views, after.uniqueViewers, after.seenBy.length]).toEqual([3, 2, 0]);
  // and a view count on the library card
  await page.goto('/');
  await expect(page.getByTestId('library-card').filter({ hasText: 'Watched closely' }).getByTestId('card-views')).toHaveText('3 views');
});
