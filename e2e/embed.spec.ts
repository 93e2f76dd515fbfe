import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cookieHeader, signUp, uploadTestVideo } from './helpers';

/** A 6 s test video uploaded straight through the API (faster than recording one). */
// 20 s: after the seek to 5 s the video must not reach its end (which pauses it) during the checks
const uploadVideo = (page: Page, baseURL: string) => uploadTestVideo(page, baseURL, { title: 'Embedded talk', seconds: 20 });

/** Another origin (another port) with a page that embeds the video and drives it with player.js. */
async function hostSite(embedSrc: string): Promise<{ url: string; close(): Promise<void> }> {
  const playerjs = fs.readFileSync(path.resolve('node_modules/player.js/dist/player-0.1.0.js'), 'utf8');
  const html = `<!doctype html><html><body style="margin:0">
<div style="position:relative;padding-top:56.25%"><iframe id="weft" src="${embedSrc}" style="position:absolute;inset:0;width:100%;height:100%;border:0" allow="autoplay; fullscreen; picture-in-picture"></iframe></div>
<script>${playerjs}</script>
<script>
  window.events = [];
  const p = new playerjs.Player(document.getElementById('weft'));
  window.weftPlayer = p;
  p.on('ready', () => {
    window.events.push('ready');
    p.on('play', () => window.events.push('play'));
    p.on('pause', () => window.events.push('pause'));
    p.on('timeupdate', (v) => { window.lastTime = v.seconds; });
    p.getDuration((d) => { window.duration = d; });
  });
</script></body></html>`;
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('an embed on another site plays, and player.js calls round-trip', async ({ page, browser, baseURL }) => {
  await signUp(page, 'Ada');
  const videoId = await uploadVideo(page, baseURL!);
  const host = await hostSite(`${baseURL}/embed/${videoId}?api=1&muted=1`);
  const context = await browser.newContext();
  const viewer = await context.newPage();
  try {
    await viewer.goto(host.url);
    const frame = viewer.frameLocator('#weft');
    await expect(frame.getByTestId('embed-title')).toHaveText('Embedded talk');
    await expect(frame.getByTestId('embed-link')).toHaveAttribute('href', new RegExp(`/v/${videoId}$`));
    await expect.poll(() => viewer.evaluate(() => (window as unknown as { events: string[] }).events), { timeout: 30_000 }).toContain('ready');
    await expect.poll(() => viewer.evaluate(() => (window as unknown as { duration?: number }).duration ?? 0)).toBeGreaterThan(5);

    // play → a play event; setCurrentTime(5) → getCurrentTime ≈ 5
    await viewer.evaluate(() => (window as unknown as { weftPlayer: { play(): void } }).weftPlayer.play());
    await expect.poll(() => viewer.evaluate(() => (window as unknown as { events: string[] }).events), { timeout: 20_000 }).toContain('play');
    await viewer.evaluate(() => (window as unknown as { weftPlayer: { setCurrentTime(t: number): void } }).weftPlayer.setCurrentTime(5));
    const t = await viewer.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const w = window as unknown as { weftPlayer: { getCurrentTime(cb: (v: number) => void): void } };
          setTimeout(() => w.weftPlayer.getCurrentTime(resolve), 500);
        }),
    );
    // the video plays on after the seek: half a second later it is a little past 5 (seen at 5.63 on a loaded machine)
    expect(t).toBeGreaterThan(4.9);
    expect(t).toBeLessThan(6.5);
    const muted = await viewer.evaluate(() => new Promise<boolean>((resolve) => (window as unknown as { weftPlayer: { getMuted(cb: (v: boolean) => void): void } }).weftPlayer.getMuted(resolve)));
    expect(muted).toBe(true);
    // a message from somewhere else than the embedding page is ignored: the frame's own window posting to itself
    await frame.locator('body').evaluate(() => window.postMessage(JSON.stringify({ context: 'player.js', method: 'pause' }), '*'));
    await viewer.waitForTimeout(300);
    expect(await viewer.evaluate(() => (window as unknown as { events: string[] }).events)).not.toContain('pause');
  } finally {
    await context.close();
    await host.close();
  }

  // other pages of Weft refuse to be framed; the embed says who may frame it
  const watch = await fetch(`${baseURL}/v/${videoId}`);
  expect(watch.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(watch.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
  const embed = await fetch(`${baseURL}/embed/${videoId}`);
  expect(embed.headers.get('x-frame-options')).toBeNull();
  expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
});

test('a private or password-protected video embeds as an in-frame message or gate, and no segment is fetched', async ({ page, browser, baseURL }) => {
  await signUp(page, 'Grace');
  const videoId = await uploadVideo(page, baseURL!);
  const cookie = await cookieHeader(page);
  const patch = (body: unknown) => fetch(`${baseURL}/api/v1/videos/${videoId}`, { method: 'PATCH', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await patch({ visibility: 'private' })).status).toBe(200);

  const context = await browser.newContext();
  const viewer = await context.newPage();
  const media: string[] = [];
  viewer.on('request', (r) => {
    if (r.url().includes('/media/')) media.push(r.url());
  });
  await viewer.goto(`/embed/${videoId}?autoplay=1`);
  await expect(viewer.getByTestId('embed-message')).toContainText('Video not found');
  expect(await viewer.locator('[data-testid="player"]').count()).toBe(0);

  expect((await patch({ visibility: 'link', password: 'open sesame' })).status).toBe(200);
  await viewer.goto(`/embed/${videoId}`);
  await expect(viewer.getByTestId('embed-gate')).toBeVisible();
  await viewer.waitForTimeout(500);
  expect(media).toEqual([]);
  await viewer.getByTestId('embed-password').fill('wrong one');
  await viewer.getByRole('button', { name: 'Watch' }).click();
  await expect(viewer.locator('.embed-error')).toContainText(/password/i);
  await viewer.getByTestId('embed-password').fill('open sesame');
  await viewer.getByRole('button', { name: 'Watch' }).click();
  await expect(viewer.locator('[data-testid="player"] video')).toBeAttached({ timeout: 30_000 });

  // a dead share link is a message in the frame too
  expect((await patch({ visibility: 'private', password: null })).status).toBe(200);
  await viewer.goto(`/embed/${videoId}?token=not-a-real-token`);
  await expect(viewer.getByTestId('embed-message')).toHaveAttribute('data-code', 'share_link_invalid');
  await expect(viewer.getByTestId('embed-message')).toContainText('This link is not valid');
  await context.close();
});
