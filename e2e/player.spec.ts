import { expect, test, type Page } from '@playwright/test';
import { signUp, uploadTestVideo } from './helpers';

/**
 * The one player's behaviours, checked once and on both surfaces: the watch page and the embed run
 * the same module (lib/watch/browser/player), so the same steps must hold on each.
 */
const SURFACES = [
  { name: 'the watch page', path: (id: string) => `/v/${id}` },
  { name: 'the embed', path: (id: string) => `/embed/${id}` },
];

let videoId = '';

test.beforeAll(async ({ browser, baseURL }) => {
  const page = await browser.newPage();
  await signUp(page, 'Player');
  videoId = await uploadTestVideo(page, baseURL!, { seconds: 20, title: 'Player check' });
  // the captions come from the transcript: wait for it, so both surfaces start with them
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/videos/${videoId}/transcript`)).json()) as { status: string }).status, { timeout: 60_000 })
    .toBe('done');
  await page.close();
});

async function open(page: Page, path: string) {
  await page.goto(path);
  const player = page.getByTestId('player');
  const video = player.locator('video');
  await expect(video).toBeAttached({ timeout: 30_000 });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThan(0);
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
  });
  return { player, video };
}

const at = (video: ReturnType<Page['locator']>) => video.evaluate((v: HTMLVideoElement) => Math.round(v.currentTime));

for (const surface of SURFACES) {
  test(`${surface.name}: keys, labelled controls with a visible focus, speed and place remembered, captions, scrub previews`, async ({ browser }) => {
    // a viewer of their own (the link, no account)
    const context = await browser.newContext();
    const page = await context.newPage();
    const { player, video } = await open(page, surface.path(videoId));

    // YouTube's keys while the player has focus
    await player.focus();
    await page.keyboard.press('5');
    await expect.poll(() => at(video)).toBe(10);
    await page.keyboard.press('l');
    await expect.poll(() => at(video)).toBe(20);
    await page.keyboard.press('j');
    await expect.poll(() => at(video)).toBe(10);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => at(video)).toBe(5);
    await page.keyboard.press('m');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(false);
    await page.keyboard.press('m');
    await page.keyboard.press('k');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(false);
    await page.keyboard.press('k');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);

    // every control is reached with Tab, has a name, and shows where the focus is
    const names: string[] = [];
    await player.focus();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || !el.closest('[data-testid="player"]') || el.matches('[data-testid="player"]')) return null;
        const style = getComputedStyle(el);
        return { name: el.getAttribute('aria-label') ?? el.textContent ?? '', outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
      });
      if (!focused) break;
      expect(focused.name.trim()).not.toBe('');
      expect(focused.outline).toBe(true);
      names.push(focused.name);
    }
    expect(names).toEqual(expect.arrayContaining(['Play', 'Seek', 'Unmute', 'CC: captions', 'Speed', 'Full screen']));

    // captions: the transcript's track, shown and hidden with `c` and the CC button
    const showing = () => video.evaluate((v: HTMLVideoElement) => Array.from(v.textTracks).some((t) => t.mode === 'showing'));
    const before = await showing();
    await player.focus();
    await page.keyboard.press('c');
    await expect.poll(showing).toBe(!before);
    await expect(player.getByTestId('player-captions')).toHaveAttribute('aria-pressed', String(!before));
    await player.getByTestId('player-captions').click();
    await expect.poll(showing).toBe(before);

    // scrub previews: the storyboard's tile for the time under the pointer
    await player.hover();
    await player.getByTestId('player-seek').hover({ position: { x: 40, y: 8 } });
    const tip = player.getByTestId('scrub-preview');
    await expect(tip).toBeVisible();
    await expect.poll(() => tip.locator('.scrub-preview-image').evaluate((e) => (e as HTMLElement).style.backgroundImage)).toContain('storyboard.jpg');

    // the speed, chosen once, and the place, are kept for the next visit of this browser
    await player.getByTestId('player-speed').selectOption('1.5');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(1.5);
    await player.focus();
    await page.keyboard.press('3'); // 6 s; the place is saved every few seconds while playing
    await page.keyboard.press('k');
    await page.waitForTimeout(3500);
    await page.keyboard.press('k');
    const left = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
    const again = await open(page, surface.path(videoId));
    await expect.poll(() => again.video.evaluate((v: HTMLVideoElement) => v.playbackRate), { timeout: 20_000 }).toBe(1.5);
    await expect.poll(() => again.video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(Math.floor(left) - 4);
    // a ?t= link wins over the remembered place
    const sep = surface.path(videoId).includes('?') ? '&' : '?';
    const linked = await open(page, `${surface.path(videoId)}${sep}t=2`);
    await expect.poll(() => at(linked.video), { timeout: 20_000 }).toBe(2);
    await context.close();
  });
}
