import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signUp } from './helpers';

test.describe.configure({ retries: 1 });

function makeFile(name: string, seconds: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-import-'));
  const file = path.join(dir, name);
  // a QuickTime file from elsewhere (not what the recorder makes)
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'mov', file]);
  return file;
}

/** Drops files on the page the way a desktop drag does (a DataTransfer with Files). */
async function dropFiles(page: Page, files: { name: string; path: string; type: string }[]) {
  const payload = files.map((f) => ({ name: f.name, type: f.type, b64: fs.readFileSync(f.path).toString('base64') }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type, lastModified: 1_700_000_000_000 }));
    }
    const fire = (type: string) => document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    fire('dragenter');
    fire('dragover');
    fire('drop');
  }, payload);
}

test('a file dropped on the library uploads with progress, processes like a recording, and downloads as MP4', async ({ page }) => {
  await signUp(page, 'Importer');
  await page.goto('/');
  const file = makeFile('Team offsite.mov', 6);
  await dropFiles(page, [{ name: 'Team offsite.mov', path: file, type: 'video/quicktime' }]);
  const row = page.getByTestId('import-row');
  await expect(row).toContainText('Team offsite.mov');
  await expect(row).toContainText('Uploaded', { timeout: 30_000 });
  const card = page.getByTestId('library-card').filter({ hasText: 'Team offsite' });
  await expect(card).toBeVisible();
  await expect(card.locator('.badge')).toHaveText('ready', { timeout: 90_000 });
  await page.screenshot({ path: test.info().outputPath('library-done.png'), fullPage: true });

  await card.getByRole('link', { name: 'Team offsite' }).click();
  const download = page.getByTestId('video-download');
  await expect(download).toBeVisible();
  const res = await page.request.get((await download.getAttribute('href'))!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('video/mp4');
  expect(res.headers()['content-disposition']).toContain('Team offsite.mp4');
  const body = await res.body();
  expect(body.subarray(4, 8).toString()).toBe('ftyp');
});

test('the editor: a range marked on the strip is skipped in the preview, then cut into a new version', async ({ page }) => {
  await signUp(page, 'Editor');
  await page.goto('/');
  const file = makeFile('Cut me.mov', 10);
  await page.getByTestId('import-input').setInputFiles(file);
  const card = page.getByTestId('library-card').filter({ hasText: 'Cut me' });
  await expect(card.locator('.badge')).toHaveText('ready', { timeout: 90_000 });
  await card.getByRole('link', { name: 'Cut me' }).click();
  await expect(page.getByTestId('video-status')).toContainText('0:10');

  await page.getByTestId('edit-open').click();
  const strip = page.getByTestId('editor-strip');
  await expect(strip.locator('.edit-tile').first()).toHaveAttribute('style', /background-image/, { timeout: 20_000 });
  // drag from 30 % to 60 % of the strip: 3 s to 6 s (measured once the panels around have settled)
  await page.waitForLoadState('networkidle');
  await strip.scrollIntoViewIfNeeded();
  const box = (await strip.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId('editor-cut')).toHaveCount(1);
  await expect(page.getByTestId('editor-ranges')).toContainText('3.0 s');

  // the preview jumps over the marked part
  await page.getByTestId('cut-preview').check();
  const video = page.locator('[data-testid="player"] video');
  await video.evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    v.currentTime = 2;
    await v.play();
    const w = window as unknown as { __times: number[] };
    w.__times = [];
    v.addEventListener('timeupdate', () => w.__times.push(v.currentTime));
  });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 }).toBeGreaterThan(6.5);
  const times = await page.evaluate(() => (window as unknown as { __times: number[] }).__times);
  // at most one time update (≤ 0.3 s) lands inside the range before the jump
  expect(times.filter((t) => t > 3.4 && t < 5.8)).toEqual([]);

  await page.getByTestId('cut-apply').click();
  await expect(page.getByTestId('editor-note')).toContainText('Cutting 1 part');
  // the new version replaces this one: 7 s long
  await expect(page.getByTestId('video-status')).toContainText('0:07', { timeout: 60_000 });
  const v = (await (await page.request.get(page.url().replace('/v/', '/api/v1/videos/'))).json()) as { durationMs: number; appliedCuts: { startMs: number; endMs: number }[] };
  expect(v.appliedCuts).toHaveLength(1);
  expect(v.durationMs).toBeGreaterThan(6500);
  expect(v.durationMs).toBeLessThan(7500);
  // the player plays the new version
  await expect.poll(() => page.locator('[data-testid="player"] video').evaluate((el: HTMLVideoElement) => Math.round(el.duration)), { timeout: 20_000 }).toBe(7);
  await page.screenshot({ path: test.info().outputPath('editor.png'), fullPage: true });
});
