/**
 * Stop → share link on the clipboard, the Chrome extension against `/record`, in the same run, in
 * the same browser, recording the same moving tab with the camera bubble: p50 of RUNS recordings of
 * SECONDS s each. Also Stop → the video playable (the API says playable or ready), for context.
 * Run: npm run build && npm run bench:extension   (BENCH_RUNS, BENCH_SECONDS to change the sizes)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { signUp } from '../e2e/helpers';
import { buildExtension, connectExtension, invokeActionOn, launchWithExtension, openPopup, openTarget, openWindow } from '../e2e/extension-kit';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Run {
  clipboardMs: number;
  playableMs: number;
}

/**
 * Times, inside the page, from the press on Stop to the clipboard write having resolved (the moment
 * a paste gives the link). Playwright's own click takes 0.5–1 s on a busy page, so it is not timed.
 */
const STOPWATCH = `(() => {
  const clip = navigator.clipboard;
  const write = clip.writeText.bind(clip);
  clip.writeText = async (t) => { await write(t); window.__copiedAt = Date.now(); };
  window.addEventListener('pointerdown', (e) => { if (e.target.closest('[data-testid$="stop"]')) window.__stopAt = Date.now(); }, true);
})()`;

/** When Stop was pressed (epoch ms, the machine's clock) and how long the link took to reach the clipboard. */
async function stopToClipboard(page: Page): Promise<{ stopAt: number; ms: number }> {
  await expect.poll(() => page.evaluate(() => (window as unknown as { __copiedAt?: number }).__copiedAt ?? 0)).toBeGreaterThan(0);
  return page.evaluate(() => {
    const w = window as unknown as { __copiedAt: number; __stopAt: number };
    return { stopAt: w.__stopAt, ms: w.__copiedAt - w.__stopAt };
  });
}

/** Waits, from a page of the app, until the clipboard holds `text` (a paste would give the link). */
async function untilClipboard(reader: Page, text: string): Promise<void> {
  await reader.bringToFront();
  await reader.evaluate(async (want) => {
    for (;;) {
      if ((await navigator.clipboard.readText().catch(() => '')) === want) return;
      await new Promise((r) => setTimeout(r, 2));
    }
  }, text);
}

async function untilPlayable(page: Page, videoId: string, t0: number): Promise<number> {
  for (;;) {
    const v = (await (await page.request.get(`/api/v1/videos/${videoId}`)).json()) as { status: string };
    if (v.status === 'playable' || v.status === 'ready') return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function clearClipboard(target: Page): Promise<void> {
  await target.bringToFront();
  await target.evaluate(() => navigator.clipboard.writeText(''));
}

async function recordPageRun(ctx: BrowserContext, target: Page): Promise<Run> {
  await clearClipboard(target);
  const page = await openWindow(ctx, new URL('/record', target.url()).href);
  await page.getByTestId('mode-screen+camera').click();
  await page.getByTestId('record-start').click();
  await expect(page.getByTestId('record-stop')).toBeVisible({ timeout: 45_000 });
  await page.evaluate(STOPWATCH);
  await page.waitForTimeout(SECONDS * 1000);
  await page.getByTestId('record-stop').click();
  const { stopAt: t0, ms: clipboardMs } = await stopToClipboard(page);
  const shareUrl = (await page.getByTestId('share-link').textContent()) ?? '';
  await untilClipboard(target, shareUrl);
  const playableMs = await untilPlayable(page, shareUrl.split('/').pop()!, t0);
  await page.close();
  return { clipboardMs, playableMs };
}

async function extensionRun(ctx: BrowserContext, target: Page, tabId: number): Promise<Run> {
  await clearClipboard(target);
  const popup = await openPopup(ctx, tabId);
  if (await popup.getByTestId('ext-another').isVisible()) await popup.getByTestId('ext-another').click();
  await popup.getByTestId('ext-start').click();
  await expect(popup.getByTestId('ext-elapsed')).toBeVisible({ timeout: 45_000 });
  await popup.evaluate(STOPWATCH);
  await popup.waitForTimeout(SECONDS * 1000);
  await popup.getByTestId('ext-stop').click();
  const { stopAt: t0, ms: clipboardMs } = await stopToClipboard(popup);
  const shareUrl = (await popup.getByTestId('ext-share-link').textContent()) ?? '';
  await untilClipboard(target, shareUrl);
  const playableMs = await untilPlayable(popup, shareUrl.split('/').pop()!, t0);
  await popup.close();
  return { clipboardMs, playableMs };
}

test('extension: Stop → link on the clipboard, against /record', async ({}, info) => {
  test.setTimeout(30 * 60_000);
  const baseURL = info.project.use.baseURL ?? 'http://127.0.0.1:3210';
  const ext = await buildExtension(baseURL, '.tmp/extension-bench');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-ext-'));
  const ctx = await launchWithExtension(profile, ext, baseURL);
  try {
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    const home = await ctx.newPage();
    await signUp(home, 'Bench');
    await connectExtension(ctx);
    // do not open a tab per recording: both sides only copy
    const popup = await openPopup(ctx);
    await popup.evaluate(() => chrome.storage.local.set({ openAfterStop: false }));
    await popup.close();
    // the tab both record: /record picks it by title (getDisplayMedia), the extension by its button
    const target = await openTarget(ctx, '/settings');
    const tabId = await invokeActionOn(ctx, target);

    const page: Run[] = [];
    const extension: Run[] = [];
    // interleaved, so that a slower stretch of the machine hits both sides
    for (let i = 0; i < RUNS; i++) {
      page.push(await recordPageRun(ctx, target));
      extension.push(await extensionRun(ctx, target, tabId));
    }
    const row = (name: string, runs: Run[]) =>
      `${name.padEnd(10)} clipboard p50 ${String(p50(runs.map((r) => r.clipboardMs))).padStart(5)} ms  [${runs.map((r) => r.clipboardMs).join(', ')}]   playable p50 ${p50(runs.map((r) => r.playableMs))} ms`;
    const ratio = p50(extension.map((r) => r.clipboardMs)) / p50(page.map((r) => r.clipboardMs));
    console.log(`\nStop → share link on the clipboard (${RUNS} recordings of ${SECONDS} s each, screen + camera, a moving tab)`);
    console.log(row('/record', page));
    console.log(row('extension', extension));
    console.log(`extension / record: ${ratio.toFixed(2)}×   (goal ≤ 1.1×)`);
    fs.mkdirSync('bench/.out', { recursive: true });
    fs.writeFileSync('bench/.out/extension.json', JSON.stringify({ runs: RUNS, seconds: SECONDS, page, extension, ratio }, null, 2));
  } finally {
    await ctx.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
