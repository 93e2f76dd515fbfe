import { expect, test, type Page } from '@playwright/test';
import { signUp, uploadTestVideo } from './helpers';

const uploadVideo = (page: Page, baseURL: string, seconds = 20) => uploadTestVideo(page, baseURL, { seconds, title: 'Phone check' });

// Widths are measured in e2e/new-user.spec.ts at a real 390 px: mobile emulation (used here for
// what a phone browser is — touch, no screen sharing) widens the layout viewport to the content.
test('on a phone (emulated): the recorder offers the camera alone, and tap targets are 44 px', async ({ browser, page, baseURL }) => {
  await signUp(page, 'Phone');
  const videoId = await uploadVideo(page, baseURL!, 6);
  const state = await page.context().storageState();
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: state, hasTouch: true, isMobile: true });
  const p = await phone.newPage();
  // a phone browser has no screen sharing
  await p.addInitScript(() => {
    if (navigator.mediaDevices) Object.defineProperty(navigator.mediaDevices, 'getDisplayMedia', { value: undefined, configurable: true });
  });
  await p.goto('/record');
  await expect(p.getByTestId('camera-only-note')).toBeVisible();
  await expect(p.getByTestId('mode-screen')).toHaveCount(0);
  await expect(p.getByTestId('mode-camera')).toHaveAttribute('aria-checked', 'true');
  // tap targets on the watch page are at least 44 px
  await p.goto(`/v/${videoId}`);
  const small = await p.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.reaction-button, [data-testid="comments-panel"] button, .topbar a, .topbar button, .share-panel button, [data-testid="video-title-edit"], [data-testid="video-delete"]')]
      .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
      .map((el) => `${el.tagName} ${el.className} ${el.textContent?.slice(0, 20)} ${Math.round(el.getBoundingClientRect().height)}`),
  );
  expect(small).toEqual([]);
  await phone.close();
});
