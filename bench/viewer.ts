/**
 * A viewer in the benchmarks: a browser context of their own (no cookies) whose <video>s play muted
 * as soon as they exist — a viewer pressing play at once — and which notes its first presented
 * frame, both on the page's clock (`__firstFrame`, ms from navigation) and the machine's
 * (`__firstFrameAt`, epoch ms, to compare with a Stop pressed in another page).
 */
import type { Browser, Page } from '@playwright/test';

/** Plain text: a function would be serialized with the bundler's helpers in it. */
export const FIRST_FRAME = `
  (() => {
    const hook = (v) => {
      if (v.__hooked) return;
      v.__hooked = true;
      v.muted = true;
      const tryPlay = () => { v.play().catch(() => {}); };
      v.addEventListener('loadedmetadata', tryPlay);
      v.addEventListener('canplay', tryPlay);
      tryPlay();
      v.requestVideoFrameCallback(() => {
        if (window.__firstFrame !== undefined) return;
        window.__firstFrame = performance.now();
        window.__firstFrameAt = Date.now();
      });
    };
    new MutationObserver(() => document.querySelectorAll('video').forEach(hook)).observe(document, { childList: true, subtree: true });
  })();
`;

/** A viewer's browser, open on a blank page; `open` navigates to the link. */
export async function viewerReady(browser: Browser): Promise<{ page: Page; open(url: string): Promise<void>; close(): Promise<void> }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  await page.addInitScript({ content: FIRST_FRAME });
  return { page, open: async (url) => void (await page.goto(url, { waitUntil: 'commit' })), close: () => ctx.close() };
}

/** When the viewer's first frame was presented (epoch ms). */
export async function firstFrameAt(viewer: Page): Promise<number> {
  const h = await viewer.waitForFunction(() => (window as unknown as { __firstFrameAt?: number }).__firstFrameAt, undefined, { timeout: 60_000, polling: 10 });
  return (await h.jsonValue()) as number;
}

/** The viewer's first frame if it has one already (epoch ms), else null. */
export async function firstFrameSoFar(viewer: Page): Promise<number | null> {
  return viewer.evaluate(() => (window as unknown as { __firstFrameAt?: number }).__firstFrameAt ?? null);
}

/** Where a viewer's wait went (ms from its navigation): the page's first byte, then the player's marks. */
export async function viewerPath(viewer: Page): Promise<string> {
  return (await viewer.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('weft:')).map((m) => m.name.slice(5) + ' ' + m.startTime.toFixed(0));
    return 'first byte ' + nav.responseStart.toFixed(0) + ', ' + marks.join(', ');
  })()`)) as string;
}
