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

/** Share of the pixels along a horizontal line (y, from x0 to x1, in picture px) that are the pen's red. */
function redAlong(f: Buffer, y: number, x0: number, x1: number): number {
  let red = 0;
  for (let x = x0; x < x1; x++) {
    const i = (y * W + x) * 3;
    if (f[i]! > 170 && f[i + 1]! < 110 && f[i + 2]! < 110) red++;
  }
  return red / (x1 - x0);
}

async function stroke(page: Page, y: number, x0 = 0.3, x1 = 0.7) {
  // the preview must be on screen to be drawn on (clicking the tools may have scrolled it away)
  await page.getByTestId('draw-layer').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('draw-layer').boundingBox())!;
  await page.mouse.move(box.x + box.width * x0, box.y + box.height * y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * (x0 + ((x1 - x0) * i) / 12), box.y + box.height * y);
  await page.mouse.up();
}

test('drawing: strokes land in the recording where they were drawn, fade unless kept, and change nothing else', async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, 'Drawer');
  const ids = uploadsOf(page);
  await page.getByTestId('mode-screen+camera').click();
  await page.getByTestId('resolution').selectOption('720');
  await start(page);
  await page.waitForTimeout(6000);
  const plain = await stop(page, ids);

  await start(page);
  await expect(page.getByTestId('draw-layer')).toHaveCount(0);
  await page.getByTestId('draw-toggle').click();
  await expect(page.getByTestId('draw-toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.waitForTimeout(700);
  await stroke(page, 0.2); // fades
  await page.waitForTimeout(800);
  await page.getByTestId('draw-keep').check();
  await stroke(page, 0.3); // kept
  // Esc leaves drawing mode; the strokes stay in the picture
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('draw-layer')).toHaveCount(0);
  await expect(page.getByTestId('draw-toggle')).toHaveAttribute('aria-pressed', 'false');
  await page.waitForTimeout(5500);
  const drawn = await stop(page, ids);

  const dur = (f: string) => Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', f]).toString().trim());
  // the fading stroke at its fullest: drawn from about 1 s, gone by about 5.5 s
  const early = framesAt(drawn, [1.8, 2.2, 2.6, 3.0, 3.4]);
  const [lastDrawn] = framesAt(drawn, [dur(drawn) - 0.4]);
  const [lastPlain] = framesAt(plain, [Math.min(dur(plain), dur(drawn)) - 0.4]);
  const y1 = Math.round(H * 0.2);
  const y2 = Math.round(H * 0.3);
  const [x0, x1] = [Math.round(W * 0.35), Math.round(W * 0.65)];
  const figures = {
    fadingEarly: Math.max(...early.map((f) => redAlong(f, y1, x0, x1))),
    fadingLate: redAlong(lastDrawn!, y1, x0, x1),
    keptLate: redAlong(lastDrawn!, y2, x0, x1),
    plainLate: redAlong(lastPlain!, y2, x0, x1),
  };
  console.log(`drawing: red along the fading stroke ${(figures.fadingEarly * 100).toFixed(0)} % → ${(figures.fadingLate * 100).toFixed(0)} %, along the kept one ${(figures.keptLate * 100).toFixed(0)} % (without drawing ${(figures.plainLate * 100).toFixed(0)} %)`);
  expect(figures.fadingEarly).toBeGreaterThan(0.9);
  expect(figures.fadingLate).toBeLessThan(0.05);
  expect(figures.keptLate).toBeGreaterThan(0.9);
  expect(figures.plainLate).toBeLessThan(0.05);
  // nowhere else that matters: a still band above the strokes (clear of the fake screen's turning pie,
  // which reaches up to y = 180, and of its clock at the top left) has the plain recording's colour;
  // the bubble and the screen's middle (both moving pictures) keep their edges
  const band: Box = { x: x0, y: 80, w: x1 - x0, h: 40 };
  const [p, d] = [meanColour(lastPlain!, band), meanColour(lastDrawn!, band)];
  for (let c = 0; c < 3; c++) expect(Math.abs(p[c]! - d[c]!)).toBeLessThan(8);
  for (const b of [BUBBLE, SCREEN]) expect(sharpness(lastDrawn!, b)).toBeGreaterThan(sharpness(lastPlain!, b) * 0.6);
});

test('a picture behind the person, and the fallback with a notice where the machine is too slow', async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, 'Picture');
  const ids = uploadsOf(page);
  await page.getByTestId('mode-screen+camera').click();
  await page.getByTestId('resolution').selectOption('720');
  await page.getByTestId('camera-background').selectOption('image');
  // a blue picture (made here: a PNG from ffmpeg)
  const png = path.resolve('.tmp', 'blue.png');
  fs.mkdirSync(path.dirname(png), { recursive: true });
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0x2040e0:s=320x240', '-frames:v', '1', png]);
  await page.getByTestId('camera-background-image').setInputFiles(png);
  await expect(page.getByTestId('camera-background')).toHaveValue('image');
  // remembered: the profile keeps the choice and the picture
  await page.reload();
  await expect(page.getByTestId('camera-background')).toHaveValue('image');
  await start(page);
  await expect(page.getByTestId('effects-bar')).toHaveAttribute('data-effect', 'on', { timeout: 20_000 });
  await page.waitForTimeout(3000);
  const file = await stop(page, ids);
  // late frames: the picture is behind the person from when the model has loaded, not from the start
  const length = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString().trim());
  const [f] = framesAt(file, [length - 0.6]);
  const [r, g, b] = meanColour(f!, BUBBLE);
  console.log(`picture background: the bubble's middle averages rgb(${r.toFixed(0)}, ${g.toFixed(0)}, ${b.toFixed(0)})`);
  // the fake camera is green; with the picture behind, blue shows through where no person is found
  expect(b).toBeGreaterThan(g);

  // a machine too slow for it: the effect turns itself off and says so; the recording goes on
  await page.goto('/record?effectBudgetMs=0.01');
  await page.getByTestId('camera-background').selectOption('blur');
  await start(page);
  await expect(page.getByTestId('effects-bar')).toHaveAttribute('data-effect', 'slow', { timeout: 30_000 });
  await expect(page.getByTestId('recorder-note').filter({ hasText: 'too slow' })).toBeVisible();
  await expect(page.getByTestId('record-stop')).toBeVisible();
  await stop(page, ids);
});

test('speaker notes stay on the page, per draft; profiles remember their choices', async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, 'Notes');
  // notes for the next recording survive a reload
  await page.getByTestId('notes-text').fill('1. Say hello\n2. Show the numbers');
  await page.reload();
  await expect(page.getByTestId('notes-text')).toHaveValue('1. Say hello\n2. Show the numbers');
  // a profile: screen only at 1080p with blur and no noise suppression; the default keeps its own choices
  await page.getByTestId('profile-new').click();
  await page.getByTestId('profile-name').fill('Demo 1080p');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('profile-select').locator('option:checked')).toHaveText('Demo 1080p');
  await page.getByTestId('mode-screen+camera').click();
  await page.getByTestId('resolution').selectOption('1080');
  await page.getByTestId('camera-background').selectOption('blur');
  await page.getByTestId('noise-suppression').uncheck();
  await page.getByTestId('profile-select').selectOption({ label: 'Default' });
  await expect(page.getByTestId('resolution')).toHaveValue('720');
  await expect(page.getByTestId('camera-background')).toHaveValue('off');
  await expect(page.getByTestId('noise-suppression')).toBeChecked();
  await page.reload();
  await page.getByTestId('profile-select').selectOption({ label: 'Demo 1080p' });
  await expect(page.getByTestId('resolution')).toHaveValue('1080');
  await expect(page.getByTestId('camera-background')).toHaveValue('blur');
  await expect(page.getByTestId('noise-suppression')).not.toBeChecked();
  await page.screenshot({ path: 'test-results/record-setup-extras.png', fullPage: true });

  // the notes are in view while recording, and the recording is of the screen: never of them
  await page.getByTestId('resolution').selectOption('720');
  await page.getByTestId('record-start').click();
  await expect(page.getByTestId('record-stop')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('notes-text')).toBeVisible();
  await page.screenshot({ path: 'test-results/record-recording-extras.png', fullPage: true });
  await page.waitForTimeout(1500);
  await page.getByTestId('record-stop').click();
  await expect(page.getByTestId('share-link')).toBeVisible();
  // after Stop: a new draft is current; the recorded one keeps its notes
  await expect(page.getByTestId('notes-text')).toHaveValue('');
  await expect(page.getByTestId('notes-draft').locator('option')).toHaveCount(2);
  await page.getByTestId('notes-draft').selectOption({ index: 1 });
  await expect(page.getByTestId('notes-text')).toHaveValue('1. Say hello\n2. Show the numbers');
});
