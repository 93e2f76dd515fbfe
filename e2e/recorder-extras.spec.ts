import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signUp } from './helpers';

/**
 * The recorder's extras in Chromium with fake devices, on /record: background blur and a picture
 * behind the person, noise suppression, drawing, speaker notes and profiles — each on and off, and
 * the recordings compared frame by frame (ffmpeg decodes what the server stored).
 */
test.describe.configure({ retries: 1 });

const UPLOADS = path.resolve('.tmp', `e2e-${process.env.E2E_PORT ?? 3210}`, 'media', 'uploads');
const W = 1280;
const H = 720;

function uploadsOf(page: Page): string[] {
  const ids: string[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/uploads') && r.status() === 201) ids.push((r.headers().location ?? '').split('/').pop() ?? '');
  });
  return ids;
}

async function start(page: Page) {
  await page.getByTestId('record-start').click();
  await expect(page.getByTestId('record-stop')).toBeVisible({ timeout: 45_000 });
}

async function stop(page: Page, ids: string[]): Promise<string> {
  await page.getByTestId('record-stop').click();
  await expect(page.getByTestId('upload-progress')).toHaveText(/^Uploaded [\d.]+ [KM]B$/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Record another' }).click();
  return path.join(UPLOADS, ids[ids.length - 1]!);
}

/** RGB frames (W×H) of a recording at the given times (s). */
function framesAt(file: string, times: number[]): Buffer[] {
  return times.map((t) =>
    execFileSync('ffmpeg', ['-v', 'error', '-ss', String(t), '-i', file, '-frames:v', '1', '-vf', `scale=${W}:${H}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: W * H * 3 + 1024 }),
  );
}

type Box = { x: number; y: number; w: number; h: number };
const luma = (f: Buffer, x: number, y: number) => {
  const i = (y * W + x) * 3;
  return f[i]! * 0.299 + f[i + 1]! * 0.587 + f[i + 2]! * 0.114;
};
/** How sharp the box is: the 99.7th percentile of |∂x| + |∂y| of luma (edges stay steep, blur flattens them). */
function sharpness(f: Buffer, b: Box): number {
  const g: number[] = [];
  for (let y = b.y; y < b.y + b.h - 1; y++) {
    for (let x = b.x; x < b.x + b.w - 1; x++) g.push(Math.abs(luma(f, x + 1, y) - luma(f, x, y)) + Math.abs(luma(f, x, y + 1) - luma(f, x, y)));
  }
  g.sort((p, q) => p - q);
  return g[Math.floor(g.length * 0.997)]!;
}
function meanColour(f: Buffer, b: Box): [number, number, number] {
  const s = [0, 0, 0];
  for (let y = b.y; y < b.y + b.h; y++) for (let x = b.x; x < b.x + b.w; x++) for (let c = 0; c < 3; c++) s[c] = s[c]! + f[(y * W + x) * 3 + c]!;
  const n = b.w * b.h;
  return [s[0]! / n, s[1]! / n, s[2]! / n];
}

// the bubble at 720p, medium, bottom-left: 0.28 × 720 = 202 px, margin 25 px (lib/record/browser/capture.ts bubbleRect)
const BUBBLE: Box = { x: 25 + 40, y: H - 25 - 202 + 40, w: 122, h: 122 };
// the screen's middle, where the fake screen's pie turns
const SCREEN: Box = { x: 480, y: 340, w: 360, h: 220 };

test('background blur: the bubble is blurred in every frame, the screen is as it was; off again mid-recording', async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, 'Blur');
  page.on('console', (m) => {
    if (/^weft (effect|compositor)/.test(m.text())) console.log(m.text());
  });
  const ids = uploadsOf(page);
  await page.getByTestId('mode-screen+camera').click();
  await page.getByTestId('resolution').selectOption('720');
  await expect(page.getByTestId('camera-background')).toHaveValue('off');
  await start(page);
  await page.waitForTimeout(4000);
  const off = await stop(page, ids);

  await page.getByTestId('camera-background').selectOption('blur');
  await start(page);
  await expect(page.getByTestId('effects-bar')).toHaveAttribute('data-effect', 'on', { timeout: 20_000 });
  await page.waitForTimeout(4000);
  // and off again while recording
  await page.getByTestId('camera-background').selectOption('off');
  await expect(page.getByTestId('effects-bar')).toHaveAttribute('data-effect', 'off');
  await page.waitForTimeout(2500);
  const on = await stop(page, ids);

  const times = [1.5, 2, 2.5, 3, 3.5];
  const a = framesAt(off, times);
  const b = framesAt(on, times);
  const rows = times.map((t, i) => ({ t, bubbleOff: sharpness(a[i]!, BUBBLE), bubbleOn: sharpness(b[i]!, BUBBLE), screenOff: sharpness(a[i]!, SCREEN), screenOn: sharpness(b[i]!, SCREEN) }));
  console.log(rows.map((r) => `t=${r.t}s bubble sharpness ${r.bubbleOff.toFixed(1)} → ${r.bubbleOn.toFixed(1)}, screen ${r.screenOff.toFixed(1)} → ${r.screenOn.toFixed(1)}`).join('\n'));
  for (const r of rows) {
    // the bubble's edges are gone with blur; the screen's stay as steep as without it
    expect(r.bubbleOn).toBeLessThan(r.bubbleOff * 0.5);
    expect(r.screenOn).toBeGreaterThan(r.screenOff * 0.75);
    expect(r.screenOn).toBeLessThan(r.screenOff * 1.33);
  }
  // blur switched off mid-recording: sharp again at the end
  const duration = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', on]).toString().trim());
  const [late] = framesAt(on, [duration - 0.8]);
  expect(sharpness(late!, BUBBLE)).toBeGreaterThan(rows[0]!.bubbleOff * 0.6);
});
