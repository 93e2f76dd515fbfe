import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { cookieHeader, signUp } from './helpers';
import { buildExtension, clipboardText, connectExtension, EXTENSION_ID, invokeActionOn, launchWithExtension, openPopup, openTarget, serviceWorker } from './extension-kit';

/**
 * The Chrome extension, unpacked in Chromium: connect through the server's page, record a tab
 * (with the camera bubble on it) and the camera alone, recover a recording cut by closing the
 * browser, and refuse a revoked token with a clear message.
 */
// one retry of the group, as the recorder specs have: a recording cut by closing the browser once stayed `playable` (its
// live-ingested first segment could not be read; see the session note) — that defect is open
test.describe.configure({ mode: 'serial', retries: 1 });

let extensionDir = '';
let profile = '';
let ctx: BrowserContext;
let baseURL = '';

async function videoStatus(page: Page, videoId: string): Promise<string> {
  const res = await fetch(`${baseURL}/api/v1/videos/${videoId}`, { headers: { cookie: await cookieHeader(page) } });
  return ((await res.json()) as { status: string }).status;
}

function videoIdOf(shareUrl: string): string {
  const id = new URL(shareUrl).pathname.split('/').pop();
  if (!id) throw new Error(`not a share link: ${shareUrl}`);
  return id;
}

/** Bytes the server has, from the popup's "Uploading as you record · X of Y". */
function uploadedOf(text: string): number {
  const m = /· ([\d.]+) (KB|MB) of/.exec(text);
  return m ? Number(m[1]) * (m[2] === 'MB' ? 1024 * 1024 : 1024) : 0;
}

test.beforeAll(async ({}, info) => {
  baseURL = info.project.use.baseURL ?? 'http://127.0.0.1:3210';
  extensionDir = await buildExtension(baseURL, '.tmp/extension-e2e');
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-ext-profile-'));
  ctx = await launchWithExtension(profile, extensionDir, baseURL);
});

test.afterAll(async () => {
  await ctx?.close().catch(() => undefined);
  fs.rmSync(profile, { recursive: true, force: true });
});

test('the manifest asks for the minimal permissions, and the service worker starts', async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as { permissions: string[]; host_permissions?: string[] };
  expect(manifest.permissions).not.toContain('<all_urls>');
  expect(manifest.host_permissions).toEqual([`${baseURL}/*`]);
  const sw = await serviceWorker(ctx);
  expect(sw.url()).toContain('background.js');
});

test('connects through the server page: a recording token, listed in Settings', async () => {
  const page = await ctx.newPage();
  await signUp(page, 'Erin');
  await connectExtension(ctx);
  await page.goto('/settings');
  const row = page.getByTestId('token-row').filter({ hasText: 'Weft extension' }).last();
  await expect(row).toContainText('Record');
  await page.close();
});

test('where the popup cannot show Chrome’s prompt, Connect asks in a tab, which then becomes the approval page', async () => {
  const tab = await ctx.newPage();
  await tab.goto(`chrome-extension://${EXTENSION_ID}/permissions.html?server=${encodeURIComponent(baseURL)}`);
  await expect(tab.getByRole('heading', { name: `Connect to ${new URL(baseURL).host}` })).toBeVisible();
  await tab.getByTestId('ext-allow').click();
  await tab.waitForURL(/\/extension\/connect\?/);
  await tab.getByTestId('connect-allow').click();
  await tab.waitForURL(/connected\.html/);
  await expect(tab.getByTestId('connect-result')).toContainText('records to');
  await tab.close();
});

test('only the tab the extension opened can hand it an answer, and no page of the extension takes a token from the web', async () => {
  const sw = await serviceWorker(ctx);
  const extensionId = new URL(sw.url()).host;
  const before = (await sw.evaluate(() => chrome.storage.local.get('token'))) as { token?: string };
  expect(before.token).toBeTruthy();
  // a Connect in progress in some other tab, its state learned by a stranger (it travels in URLs)
  const state = 'leaked-state-0123456789';
  await sw.evaluate((s) => chrome.storage.session.set({ connect: { state: s.state, server: s.server, tabId: 2_000_000_000, at: Date.now() } }), { state, server: baseURL });
  const stranger = await ctx.newPage();
  await stranger.goto(`${baseURL}/extension/connected#code=weftc_planted_code_0000000000&state=${state}`);
  await stranger.waitForTimeout(1500);
  expect(stranger.url()).toContain('/extension/connected');
  expect(((await sw.evaluate(() => chrome.storage.local.get('token'))) as { token?: string }).token).toBe(before.token);
  // the extension's pages are not reachable from the web (only the camera bubble is framable)
  const reachable = await stranger.evaluate(async (id) => {
    const out: Record<string, boolean> = {};
    for (const page of ['connected.html', 'popup.html', 'picture.html']) out[page] = await fetch(`chrome-extension://${id}/${page}`).then(() => true, () => false);
    return out;
  }, extensionId);
  expect(reachable).toEqual({ 'connected.html': false, 'popup.html': false, 'picture.html': false });
  await sw.evaluate(() => chrome.storage.session.remove('connect'));
  await stranger.close();
});

test('records a tab for 5 s with the camera bubble on it; the link is on the clipboard at Stop and the video gets ready', async () => {
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const target = await openTarget(ctx, '/settings');
  const tabId = await invokeActionOn(ctx, target);
  const popup = await openPopup(ctx, tabId);
  await popup.getByTestId('ext-mode-screen-camera').check({ force: true });
  await popup.getByTestId('ext-source-tab').check({ force: true });
  await expect(popup.getByTestId('ext-start')).toBeEnabled();
  const opened = ctx.waitForEvent('page', { predicate: (p) => p.url().includes('/v/'), timeout: 60_000 });
  await popup.getByTestId('ext-start').click();
  await expect(popup.getByTestId('ext-countdown')).toBeVisible();
  await expect(popup.getByTestId('ext-elapsed')).toBeVisible({ timeout: 20_000 });
  // the camera bubble is on the recorded tab while recording (the app's pages allow the extension's camera frame)
  await expect.poll(() => target.frames().some((f) => f.url().includes('/bubble.html')), { timeout: 10_000 }).toBe(true);
  const bubble = target.frames().find((f) => f.url().includes('/bubble.html'))!;
  await expect.poll(() => bubble.evaluate(() => document.body.dataset.camera), { timeout: 10_000 }).toBe('on');
  await expect.poll(async () => popup.getByTestId('ext-elapsed').textContent(), { timeout: 15_000 }).toMatch(/^0:0[5-9]$/);
  // the toolbar badge counts the time
  const sw = await serviceWorker(ctx);
  expect(await sw.evaluate(() => chrome.action.getBadgeText({}))).toMatch(/^0:0[4-9]$/);
  // bytes reached the server before Stop
  const line = (await popup.getByTestId('ext-upload').textContent()) ?? '';
  expect(uploadedOf(line), line).toBeGreaterThan(0);
  await popup.getByTestId('ext-stop').click();
  const link = popup.getByTestId('ext-share-link');
  await expect(link).toBeVisible();
  const shareUrl = (await link.textContent()) ?? '';
  expect(shareUrl).toContain('/v/');
  await expect(popup.getByRole('heading', { name: 'Link copied' })).toBeVisible();
  await target.bringToFront();
  expect(await clipboardText(target)).toBe(shareUrl);
  // the video opens in a new tab (the default setting), and the bubble is gone from the tab
  const watch = await opened;
  expect(watch.url()).toBe(shareUrl);
  await expect.poll(() => target.frames().some((f) => f.url().includes('/bubble.html'))).toBe(false);
  await expect.poll(() => videoStatus(target, videoIdOf(shareUrl)), { timeout: 90_000 }).toBe('ready');
  // a recording of ~5 s
  const v = (await (await fetch(`${baseURL}/api/v1/videos/${videoIdOf(shareUrl)}`, { headers: { cookie: await cookieHeader(target) } })).json()) as { durationMs: number };
  expect(v.durationMs).toBeGreaterThan(4000);
  expect(v.durationMs).toBeLessThan(9000);
  // the popup lists it with its status
  const again = await openPopup(ctx, tabId);
  await expect(again.getByTestId('ext-recent-status').first()).toHaveText('Ready');
  for (const p of [popup, again, watch, target]) await p.close();
});

test('a page that forbids cameras in frames: the camera is drawn into the recording instead', async () => {
  // another site, whose Permissions-Policy keeps the bubble's frame from the camera
  const site = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'permissions-policy': 'camera=()' }).end('<!doctype html><title>Strict site</title><h1>A strict site</h1>');
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
  try {
    const target = await openTarget(ctx, `http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    const tabId = await invokeActionOn(ctx, target);
    const popup = await openPopup(ctx, tabId);
    if (await popup.getByTestId('ext-another').isVisible()) await popup.getByTestId('ext-another').click();
    await popup.getByTestId('ext-start').click();
    await expect(popup.getByTestId('ext-elapsed')).toBeVisible({ timeout: 20_000 });
    await expect(popup.getByTestId('ext-notes')).toContainText('drawn into the recording instead');
    expect(target.frames().some((f) => f.url().includes('/bubble.html'))).toBe(false);
    await expect.poll(async () => popup.getByTestId('ext-elapsed').textContent(), { timeout: 15_000 }).toMatch(/^0:0[3-9]$/);
    await popup.getByTestId('ext-stop').click();
    const shareUrl = (await popup.getByTestId('ext-share-link').textContent()) ?? '';
    const page = await ctx.newPage();
    await page.goto('/');
    await expect.poll(() => videoStatus(page, videoIdOf(shareUrl)), { timeout: 90_000 }).toBe('ready');
    for (const p of ctx.pages()) if (p.url().includes('/v/')) await p.close();
    for (const p of [popup, page, target]) await p.close();
  } finally {
    site.close();
  }
});

test('records the camera alone', async () => {
  const popup = await openPopup(ctx);
  // it opens on the last recording's link
  await expect(popup.getByTestId('ext-share-link')).toBeVisible();
  await popup.getByTestId('ext-another').click();
  await popup.getByTestId('ext-mode-camera').check({ force: true });
  await popup.getByTestId('ext-start').click();
  await expect(popup.getByTestId('ext-elapsed')).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => popup.getByTestId('ext-elapsed').textContent(), { timeout: 15_000 }).toMatch(/^0:0[3-9]$/);
  await popup.getByTestId('ext-stop').click();
  const shareUrl = (await popup.getByTestId('ext-share-link').textContent()) ?? '';
  const page = await ctx.newPage();
  await page.goto('/');
  await expect.poll(() => videoStatus(page, videoIdOf(shareUrl)), { timeout: 90_000 }).toBe('ready');
  await popup.getByTestId('ext-another').click();
  await expect(popup.getByTestId('ext-start')).toBeVisible();
  // back to screen + camera for the next tests
  await popup.getByTestId('ext-mode-screen-camera').check({ force: true });
  for (const p of ctx.pages()) if (p.url().includes('/v/')) await p.close();
  await popup.close();
  await page.close();
});

/** The newest recording the server stored (the offscreen document's uploads are not seen by any page). */
function newestUpload(): string {
  const dir = path.resolve('.tmp', `e2e-${process.env.E2E_PORT ?? 3210}`, 'media', 'uploads');
  const files = fs.readdirSync(dir).filter((f) => !f.endsWith('.json')).map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }));
  files.sort((a, b) => b.t - a.t);
  return path.join(dir, files[0]!.f);
}

/** The most red along a line at `y` (0..1), from 35 % to 65 % of the width, over frames of the recording's last 2 s. */
function redAlongLastFrames(file: string, y: number): number {
  const [w, h] = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]).toString().trim().split(',').map(Number) as [number, number];
  const dur = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString().trim());
  let best = 0;
  for (const back of [0.5, 1.1, 1.7]) {
    const f = execFileSync('ffmpeg', ['-v', 'error', '-ss', String(Math.max(0, dur - back)), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: w * h * 3 + 1024 });
    const row = Math.round(h * y);
    let red = 0;
    const [x0, x1] = [Math.round(w * 0.35), Math.round(w * 0.65)];
    for (let x = x0; x < x1; x++) {
      const i = (row * w + x) * 3;
      if (f[i]! > 170 && f[i + 1]! < 110 && f[i + 2]! < 110) red++;
    }
    best = Math.max(best, red / (x1 - x0));
  }
  return best;
}

/** One RGB frame of a recording at `t` s (or the nearest before it: the audio may run past the last frame), with its size. */
function frameOf(file: string, t: number): { w: number; h: number; px: Buffer } {
  const [w, h] = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]).toString().trim().split(',').map(Number) as [number, number];
  for (let at = t; at > t - 2; at -= 0.25) {
    const px = execFileSync('ffmpeg', ['-v', 'error', '-ss', String(Math.max(0, at)), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: w * h * 3 + 1024 });
    if (px.length === w * h * 3) return { w, h, px };
  }
  throw new Error(`no frame at ${t} s of ${file}`);
}

function durationOf(file: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString().trim());
}

type Box = { x: number; y: number; w: number; h: number };

/** How sharp a box of a frame is: the 99.7th percentile of |∂x| + |∂y| of luma (blur flattens edges). */
function sharpnessIn(f: { w: number; px: Buffer }, b: Box): number {
  const luma = (x: number, y: number) => {
    const i = (y * f.w + x) * 3;
    return f.px[i]! * 0.299 + f.px[i + 1]! * 0.587 + f.px[i + 2]! * 0.114;
  };
  const g: number[] = [];
  for (let y = b.y; y < b.y + b.h - 1; y++) for (let x = b.x; x < b.x + b.w - 1; x++) g.push(Math.abs(luma(x + 1, y) - luma(x, y)) + Math.abs(luma(x, y + 1) - luma(x, y)));
  g.sort((p, q) => p - q);
  return g[Math.floor(g.length * 0.997)]!;
}

function meanIn(f: { w: number; px: Buffer }, b: Box): [number, number, number] {
  const m = [0, 0, 0];
  for (let y = b.y; y < b.y + b.h; y++) for (let x = b.x; x < b.x + b.w; x++) for (let c = 0; c < 3; c++) m[c] = m[c]! + f.px[(y * f.w + x) * 3 + c]!;
  return m.map((v) => v / (b.w * b.h)) as [number, number, number];
}

/** Where the bubble's frame is on the tab (CSS px) and the tab's size. */
async function bubbleOnTab(target: Page): Promise<{ x: number; y: number; width: number; height: number; iw: number; ih: number }> {
  const frame = await target.frames().find((f) => f.url().includes('/bubble.html'))!.frameElement();
  const b = (await frame.boundingBox())!;
  const [iw, ih] = await target.evaluate(() => [innerWidth, innerHeight]);
  return { ...b, iw: iw!, ih: ih! };
}

/**
 * A part of the bubble in a recording of the tab (w × h: the tab scaled to fit, centred), given as
 * shares of the bubble's frame.
 */
function bubbleIn(b: Awaited<ReturnType<typeof bubbleOnTab>>, w: number, h: number, part: { x0: number; y0: number; x1: number; y1: number }): Box {
  const k = Math.min(w / b.iw, h / b.ih);
  const ox = (w - b.iw * k) / 2;
  const oy = (h - b.ih * k) / 2;
  return { x: Math.round(ox + (b.x + b.width * part.x0) * k), y: Math.round(oy + (b.y + b.height * part.y0) * k), w: Math.round(b.width * (part.x1 - part.x0) * k), h: Math.round(b.height * (part.y1 - part.y0) * k) };
}
// the band at the bubble's top where the fake camera's clock shows: always room, never a person (the
// turning pie in the middle is taken for one at times)
const CLOCK = { x0: 0.3, y0: 0.06, x1: 0.7, y1: 0.16 };

test('extras on the tab: blur and a picture in the camera bubble (changed mid-recording), noise suppression, drawing into the recording — each on, then off', async () => {
  test.setTimeout(300_000);
  const target = await openTarget(ctx, '/settings');
  const tabId = await invokeActionOn(ctx, target);
  // a picture for the background, chosen on the extension's picture page (a blue PNG made here)
  const png = path.resolve('.tmp', 'ext-blue.png');
  fs.mkdirSync(path.dirname(png), { recursive: true });
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0x2040e0:s=320x240', '-frames:v', '1', png]);
  const picturePage = await ctx.newPage();
  await picturePage.goto(`chrome-extension://${EXTENSION_ID}/picture.html`);
  await picturePage.getByTestId('ext-picture-file').setInputFiles(png);
  await expect(picturePage.getByTestId('ext-picture-message')).toContainText('Saved');
  await expect(picturePage.getByTestId('ext-picture-preview')).toBeVisible();
  await picturePage.screenshot({ path: 'test-results/extension-picture.png' });
  await picturePage.close();
  let popup = await openPopup(ctx, tabId);
  if (await popup.getByTestId('ext-another').isVisible()) await popup.getByTestId('ext-another').click();
  await popup.getByTestId('ext-mode-screen-camera').check({ force: true });
  await popup.getByTestId('ext-source-tab').check({ force: true });
  await expect(popup.getByTestId('ext-noise-suppression')).toBeChecked();
  // the picture page made the picture the profile's background; blur is chosen over it here
  await expect(popup.getByTestId('ext-camera-background')).toHaveValue('image');
  await popup.getByTestId('ext-camera-background').selectOption('blur');
  // the preview shows it before recording
  await expect(popup.locator('#camera-preview')).toHaveAttribute('data-effect', 'on', { timeout: 20_000 });
  await popup.waitForTimeout(500);
  await popup.screenshot({ path: 'test-results/extension-popup-setup.png' });
  await popup.getByTestId('ext-start').click();
  await expect(popup.getByTestId('ext-elapsed')).toBeVisible({ timeout: 20_000 });
  await expect(popup.getByTestId('ext-effects')).toContainText('Noise suppression on');
  await expect.poll(() => target.frames().some((f) => f.url().includes('/bubble.html')), { timeout: 10_000 }).toBe(true);
  const bubble = target.frames().find((f) => f.url().includes('/bubble.html'))!;
  await expect.poll(() => bubble.evaluate(() => document.body.dataset.effect), { timeout: 20_000 }).toBe('on');
  // blurred for 4 s, then the picture, chosen in the popup while recording
  await popup.waitForTimeout(4000);
  const switchedAt = Number(/0:(\d\d)/.exec((await popup.getByTestId('ext-elapsed').textContent()) ?? '')?.[1]);
  await popup.getByTestId('ext-camera-background-live').selectOption('image');
  await expect.poll(() => bubble.evaluate(() => `${document.body.dataset.background}:${document.body.dataset.effect}`), { timeout: 10_000 }).toBe('image:on');
  const onTab = await bubbleOnTab(target);
  await popup.screenshot({ path: 'test-results/extension-popup-recording.png' });
  // draw on the tab: a kept red stroke at 30 % of its height; Esc leaves drawing mode
  await target.bringToFront();
  await target.getByTestId('ext-draw-toggle').click();
  await target.getByTestId('ext-draw-keep').click();
  const vw = await target.evaluate(() => [innerWidth, innerHeight]);
  await target.mouse.move(vw[0]! * 0.3, vw[1]! * 0.3);
  await target.mouse.down();
  for (let i = 1; i <= 12; i++) await target.mouse.move(vw[0]! * (0.3 + (0.4 * i) / 12), vw[1]! * 0.3);
  await target.mouse.up();
  await target.keyboard.press('Escape');
  await expect(target.getByTestId('ext-draw-toggle')).toHaveAttribute('aria-pressed', 'false');
  await target.waitForTimeout(2500);
  popup = await openPopup(ctx, tabId);
  await popup.getByTestId('ext-stop').click();
  await expect(popup.getByTestId('ext-share-link')).toBeVisible();
  await expect(popup.getByTestId('ext-done-upload')).toHaveText(/^Uploaded/, { timeout: 60_000 });
  await expect.poll(() => target.frames().some((f) => f.url().includes('/bubble.html'))).toBe(false);
  // the overlay leaves with the recording
  await expect(target.getByTestId('ext-draw-toggle')).toHaveCount(0);
  await expect.poll(() => redAlongLastFrames(newestUpload(), 0.3), { timeout: 15_000 }).toBeGreaterThan(0.8);
  const withEffects = newestUpload();

  // off: no blur, no noise suppression, nothing drawn
  await popup.getByTestId('ext-another').click();
  await popup.getByTestId('ext-noise-suppression').uncheck();
  await popup.getByTestId('ext-camera-background').selectOption('off');
  await popup.getByTestId('ext-start').click();
  await expect(popup.getByTestId('ext-elapsed')).toBeVisible({ timeout: 20_000 });
  await expect(popup.getByTestId('ext-effects')).toContainText('Noise suppression off');
  await expect.poll(() => target.frames().some((f) => f.url().includes('/bubble.html')), { timeout: 10_000 }).toBe(true);
  const plainBubble = target.frames().find((f) => f.url().includes('/bubble.html'))!;
  await expect.poll(() => plainBubble.evaluate(() => document.body.dataset.camera), { timeout: 10_000 }).toBe('on');
  expect(await plainBubble.evaluate(() => document.body.dataset.effect ?? 'none')).toBe('none');
  // as long as the blurred stretch of the first recording
  await expect.poll(async () => Number(/0:(\d\d)/.exec((await popup.getByTestId('ext-elapsed').textContent()) ?? '')?.[1]), { timeout: 20_000 }).toBeGreaterThanOrEqual(Math.max(3, switchedAt + 1));
  await popup.getByTestId('ext-stop').click();
  await expect(popup.getByTestId('ext-share-link')).toBeVisible();
  await expect(popup.getByTestId('ext-done-upload')).toHaveText(/^Uploaded/, { timeout: 60_000 });
  await expect.poll(() => target.frames().some((f) => f.url().includes('/bubble.html'))).toBe(false);
  const plain = newestUpload();
  expect(redAlongLastFrames(plain, 0.3)).toBeLessThan(0.05);

  // frame by frame: blurred bubble before the switch, the picture behind after it; the plain one sharp, no picture
  const figures: string[] = [];
  // where the picture came in, in the recording's own time
  const size = frameOf(withEffects, 0);
  const room = bubbleIn(onTab, size.w, size.h, CLOCK);
  let pictureFrom = NaN;
  for (let t = 0.5; t < durationOf(withEffects) && Number.isNaN(pictureFrom); t += 0.25) {
    const [, g, b] = meanIn(frameOf(withEffects, t), room);
    if (b > g) pictureFrom = t;
  }
  figures.push(`picture from ${pictureFrom} s`);
  // blur was on for 4 s before the switch: the last 1.5 s before it are blurred
  expect(pictureFrom).toBeGreaterThan(2.5);
  for (const t of [pictureFrom - 1.5, pictureFrom - 1, pictureFrom - 0.5]) {
    const [a, b] = [frameOf(withEffects, t), frameOf(plain, t)];
    const [blurred, sharp] = [sharpnessIn(a, room), sharpnessIn(b, room)];
    figures.push(`t=${t}s the room behind (the clock) sharpness ${sharp.toFixed(1)} plain → ${blurred.toFixed(1)} blurred`);
    // there is detail to blur, and it is gone
    expect(sharp).toBeGreaterThan(25);
    expect(blurred).toBeLessThan(sharp * 0.5);
  }
  const late = frameOf(withEffects, durationOf(withEffects) - 0.6);
  const latePlain = frameOf(plain, durationOf(plain) - 0.6);
  const [, g, b] = meanIn(late, bubbleIn(onTab, late.w, late.h, CLOCK));
  const [, gp, bp] = meanIn(latePlain, bubbleIn(onTab, latePlain.w, latePlain.h, CLOCK));
  figures.push(`late room behind, green/blue: picture ${g.toFixed(0)}/${b.toFixed(0)}, plain ${gp.toFixed(0)}/${bp.toFixed(0)}`);
  // and nothing else moved: the tab's top right (no bubble, no stroke) is the same in both
  const corner: Box = { x: Math.round(late.w * 0.7), y: Math.round(late.h * 0.05), w: Math.round(late.w * 0.25), h: Math.round(late.h * 0.15) };
  const [m1, m2] = [meanIn(late, corner), meanIn(latePlain, corner)];
  console.log(`extension extras: ${figures.join('; ')}; top right ${m1.map((v) => v.toFixed(0)).join(',')} vs ${m2.map((v) => v.toFixed(0)).join(',')}`);
  expect(b).toBeGreaterThan(g);
  expect(bp).toBeLessThan(gp);
  for (let c = 0; c < 3; c++) expect(Math.abs(m1[c]! - m2[c]!)).toBeLessThan(8);
  // the choices are the profile's: remembered for the next popup
  const again = await openPopup(ctx, tabId);
  if (await again.getByTestId('ext-another').isVisible()) await again.getByTestId('ext-another').click();
  await expect(again.getByTestId('ext-noise-suppression')).not.toBeChecked();
  await again.getByTestId('ext-noise-suppression').check();
  for (const p of ctx.pages()) if (p.url().includes('/v/')) await p.close();
  for (const p of [popup, again, target]) await p.close();
});

test('a recording cut by closing the browser is offered, and finished, the next time the popup opens', async () => {
  const target = await openTarget(ctx, '/settings');
  const tabId = await invokeActionOn(ctx, target);
  const popup = await openPopup(ctx, tabId);
  await popup.getByTestId('ext-start').click();
  await expect(popup.getByTestId('ext-elapsed')).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => popup.getByTestId('ext-elapsed').textContent(), { timeout: 15_000 }).toMatch(/^0:0[4-9]$/);
  // the browser goes away mid-recording
  await ctx.close();
  ctx = await launchWithExtension(profile, extensionDir, baseURL);
  await serviceWorker(ctx);
  const again = await openPopup(ctx);
  await expect(again.getByTestId('ext-pending')).toBeVisible();
  await again.getByTestId('ext-recover').first().click();
  const link = again.getByTestId('ext-share-link');
  await expect(link).toBeVisible({ timeout: 30_000 });
  await expect(again.getByTestId('ext-done-upload')).toContainText('Uploaded', { timeout: 30_000 });
  const shareUrl = (await link.textContent()) ?? '';
  const page = await ctx.newPage();
  await page.goto('/');
  await expect.poll(() => videoStatus(page, videoIdOf(shareUrl)), { timeout: 90_000 }).toBe('ready');
  // nothing left to recover
  const third = await openPopup(ctx);
  await third.getByTestId('ext-another').click();
  await expect(third.getByTestId('ext-start')).toBeVisible();
  await expect(third.getByTestId('ext-pending')).toBeHidden();
  for (const p of [again, third, page]) await p.close();
});

test('a revoked token: the next start fails with a clear message and a way to connect again', async () => {
  const page = await ctx.newPage();
  await page.goto('/settings');
  // this browser connected twice above (through the popup, then through the permission tab)
  const rows = page.getByTestId('token-row').filter({ hasText: 'Weft extension' });
  const revokes = rows.getByTestId('token-revoke');
  for (let left = await revokes.count(); left > 0; left--) {
    await revokes.first().click();
    await expect(revokes).toHaveCount(left - 1);
  }
  const popup = await openPopup(ctx);
  await popup.getByTestId('ext-mode-camera').check({ force: true });
  await popup.getByTestId('ext-start').click();
  const error = popup.getByTestId('ext-error');
  await expect(error).toContainText('no longer accepts this browser');
  await expect(error.getByRole('button', { name: 'Connect again' })).toBeVisible();
  await popup.getByRole('button', { name: 'Connect again' }).click();
  await expect(popup.getByTestId('ext-connect')).toBeVisible();
  await popup.close();
  await page.close();
});
