/**
 * Driving the real extension in Chromium, for the e2e spec and the benchmark: build it with the
 * test server baked in (a host permission, so Chrome does not ask), load it unpacked, invoke its
 * toolbar action on a tab (what grants tabCapture), and open its popup in a tab of its own.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { chromium, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';

import { WEFT_EXTENSION_ID } from '../lib/shared/extension-id';

export const EXTENSION_ID = WEFT_EXTENSION_ID;
export const TARGET_TITLE = 'Weft test tab';

export async function buildExtension(server: string, out: string): Promise<string> {
  const dir = path.resolve(out);
  await promisify(execFile)(process.execPath, ['scripts/build-extension.mjs', '--server', server, '--out', dir, '--no-zip']);
  return dir;
}

export async function launchWithExtension(profileDir: string, extensionDir: string, baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    baseURL,
    viewport: { width: 1280, height: 800 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // fake camera and microphone, allowed without a prompt (not --use-fake-ui-for-media-stream: it breaks tab capture)
      '--use-fake-device-for-media-stream',
      '--auto-accept-camera-and-microphone-capture',
      `--auto-select-tab-capture-source-by-title=${TARGET_TITLE}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export async function serviceWorker(ctx: BrowserContext): Promise<Worker> {
  const found = ctx.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`));
  return found ?? (await ctx.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`) }));
}

let targets = 0;
/** A page of the app, the tab to record (its address is unique, to find it again). */
export async function openTarget(ctx: BrowserContext, pathname = '/'): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${pathname}?target=${Date.now()}-${targets++}`);
  // a title of its own, kept (the app's streamed metadata may set it again), for getDisplayMedia's auto-select
  await page.evaluate(`setInterval(() => { if (document.title !== ${JSON.stringify(TARGET_TITLE)}) document.title = ${JSON.stringify(TARGET_TITLE)}; }, 50)`);
  await page.waitForFunction((t) => document.title === t, TARGET_TITLE);
  // something moving, as on a screen someone talks over: a bouncing card and a ticking clock over a
  // grid (a still page encodes to a few KB a second and would not exercise the upload)
  await page.evaluate(`(() => {
    const c = document.createElement('canvas');
    c.width = 1280; c.height = 720;
    c.style.cssText = 'position:fixed;left:0;top:0;width:100vw;height:100vh;z-index:1';
    document.body.append(c);
    const g = c.getContext('2d');
    let t = 0;
    const draw = () => {
      t++;
      // a page of text scrolling by, a card moving over it, a clock
      g.fillStyle = '#fafaf7'; g.fillRect(0, 0, 1280, 720);
      g.fillStyle = '#3a3850'; g.font = '18px sans-serif';
      for (let i = 0; i < 40; i++) { const y = ((i * 26 - t * 3) % 1040 + 1040) % 1040 - 40; g.fillText('Line ' + (i + 1) + ': the quarterly numbers, the roadmap, and what we decided about the launch date.', 60, y); }
      const x = 640 + Math.sin(t / 20) * 480, y = 360 + Math.cos(t / 27) * 260;
      g.fillStyle = 'hsl(' + (t % 360) + ',60%,55%)'; g.fillRect(x - 90, y - 50, 180, 100);
      g.fillStyle = '#1d1b2e'; g.font = '32px sans-serif'; g.fillText(new Date().toISOString().slice(11, 23), 960, 50);
      requestAnimationFrame(draw);
    };
    draw();
  })()`);
  return page;
}

/** Clicks the toolbar button on the target tab (CDP): Chrome then lets the extension capture it. Returns the tab's id. */
export async function invokeActionOn(ctx: BrowserContext, page: Page): Promise<number> {
  const browser = ctx.browser();
  if (!browser) throw new Error('no browser');
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as unknown as { targetInfos: Array<{ targetId: string; url: string; title: string }> };
  const target = targetInfos.find((t) => t.url === page.url());
  if (!target) throw new Error('target tab not found');
  await cdp.send('Extensions.triggerAction' as never, { id: EXTENSION_ID, targetId: target.targetId } as never);
  await cdp.detach();
  const sw = await serviceWorker(ctx);
  // the address is visible to the extension: the test server's origin is one of its host permissions
  const id = await sw.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id ?? null, page.url());
  if (id === null) throw new Error('the extension cannot see the target tab');
  return id;
}

/**
 * Opens a page in a window of its own, as the real popup floats over the page: a page in a
 * background tab of the same window would be hidden, and Chromium stops painting hidden tabs (the
 * recorded tab would record no pictures).
 */
export async function openWindow(ctx: BrowserContext, url: string): Promise<Page> {
  const sw = await serviceWorker(ctx);
  const before = new Set(ctx.pages());
  await sw.evaluate((u) => chrome.windows.create({ url: u, type: 'normal', width: 420, height: 720 }), url);
  let page: Page | undefined;
  await expect.poll(() => (page = ctx.pages().find((p) => !before.has(p) && p.url() === url)) !== undefined).toBe(true);
  await page!.waitForLoadState();
  return page!;
}

/** The popup, in a tab (no target) or, when it records a tab, in a window of its own. */
export async function openPopup(ctx: BrowserContext, tabId?: number): Promise<Page> {
  const url = `chrome-extension://${EXTENSION_ID}/popup.html${tabId === undefined ? '' : `?tab=${tabId}`}`;
  let popup: Page;
  if (tabId !== undefined) {
    popup = await openWindow(ctx, url);
  } else {
    popup = await ctx.newPage();
    await popup.goto(url);
  }
  // the popup has read its settings and shown its view: a click before that (tests force clicks on
  // still-hidden inputs) would be undone by the first render — the old "radio did not change" flake
  await expect(popup.locator('body')).toHaveAttribute('data-view', /.+/);
  return popup;
}

/** Connect through the server's page (the context must be signed in). */
export async function connectExtension(ctx: BrowserContext): Promise<void> {
  const popup = await openPopup(ctx);
  await expect(popup.getByTestId('ext-server')).toBeVisible();
  const connectPage = ctx.waitForEvent('page', { predicate: (p) => p.url().includes('/extension/connect') });
  await popup.getByTestId('ext-connect').click();
  const page = await connectPage;
  await page.getByTestId('connect-allow').click();
  await page.waitForURL(/connected\.html/);
  await expect(page.getByTestId('connect-result')).toContainText('records to');
  await page.close();
  if (!popup.isClosed()) await popup.close();
}

/** The clipboard's text, read from a page of the app (the context must allow clipboard-read). */
export async function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}
