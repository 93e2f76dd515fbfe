import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signUp } from './helpers';

// Recording in headless Chromium shares 2 cores with the server's ffmpeg: capture timing varies
// from run to run, so these specs get one retry (a real failure fails twice).
test.describe.configure({ retries: 1 });

const UPLOADS = path.resolve('.tmp', `e2e-${process.env.E2E_PORT ?? 3210}`, 'media', 'uploads');

/** Test-side instrumentation: keep a copy of every MediaRecorder chunk the page receives. */
async function collectChunks(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __chunks: Blob[] };
    w.__chunks = [];
    const orig = MediaRecorder.prototype.addEventListener;
    MediaRecorder.prototype.addEventListener = function (this: MediaRecorder, type: string, fn: EventListenerOrEventListenerObject, opts?: boolean | AddEventListenerOptions) {
      if (type === 'dataavailable' && typeof fn === 'function') {
        return orig.call(this, type, (e: Event) => {
          w.__chunks.push((e as BlobEvent).data);
          fn.call(this, e);
        }, opts);
      }
      return orig.call(this, type, fn, opts);
    } as typeof MediaRecorder.prototype.addEventListener;
  });
}

async function recordedSha256(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const w = window as unknown as { __chunks: Blob[] };
    const buf = await new Blob(w.__chunks).arrayBuffer();
    const h = await crypto.subtle.digest('SHA-256', buf);
    return [...new Uint8Array(h)].map((b) => b.toString(16).padStart(2, '0')).join('');
  });
}

function uploadIdsOf(page: Page): string[] {
  const ids: string[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/uploads') && r.status() === 201) {
      ids.push((r.headers().location ?? '').split('/').pop() ?? '');
    }
  });
  return ids;
}

async function startRecording(page: Page, mode: 'screen' | 'camera' | 'screen+camera' = 'screen+camera') {
  await page.getByTestId(`mode-${mode}`).click();
  await page.getByTestId('resolution').selectOption('720');
  await page.getByTestId('record-start').click();
  await expect(page.getByTestId('countdown')).toBeVisible();
  await expect(page.getByTestId('record-stop')).toBeVisible({ timeout: 45_000 });
}

async function stopAndWatch(page: Page) {
  await page.getByTestId('record-stop').click();
  const link = page.getByTestId('share-link');
  await expect(link).toBeVisible();
  const videoId = (await link.getAttribute('href'))!.split('/').pop()!;
  await expect(page.getByTestId('upload-progress')).toHaveText(/^Uploaded [\d.]+ [KM]B$/, { timeout: 60_000 });
  return videoId;
}

async function waitReady(page: Page, videoId: string) {
  let v: { status: string; durationMs: number; width: number; height: number; error?: { message: string } } = { status: '', durationMs: 0, width: 0, height: 0 };
  await expect
    .poll(async () => {
      v = (await (await page.request.get(`/api/v1/videos/${videoId}`)).json()) as typeof v;
      return v.status;
    }, { timeout: 90_000 })
    .toMatch(/ready|failed/);
  if (v.error) console.log(`video ${videoId} failed: ${v.error.message}`);
  return v;
}

test('screen only and camera only record and process', async ({ page }) => {
  await signUp(page, 'Modes');
  await startRecording(page, 'screen');
  await page.waitForTimeout(2500);
  const screenId = await stopAndWatch(page);
  await page.getByRole('button', { name: 'Record another' }).click();
  await startRecording(page, 'camera');
  await page.waitForTimeout(2500);
  const cameraId = await stopAndWatch(page);
  for (const id of [screenId, cameraId]) {
    const v = await waitReady(page, id);
    expect(v.status).toBe('ready');
    expect(v.durationMs).toBeGreaterThan(1500);
  }
});

test('the mic level meter moves and devices are listed', async ({ page }) => {
  await signUp(page, 'Meter');
  await expect.poll(async () => Number(await page.getByTestId('mic-level').getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThan(0);
  expect(await page.getByTestId('mic-select').locator('option').count()).toBeGreaterThan(1);
  expect(await page.getByTestId('camera-select').locator('option').count()).toBeGreaterThan(1);
});

test('pause and resume: the paused time is not in the video', async ({ page }) => {
  await signUp(page, 'Pauser');
  await startRecording(page);
  await page.waitForTimeout(3000);
  await page.getByTestId('record-pause').click();
  await expect(page.getByTestId('record-resume')).toBeVisible();
  await page.waitForTimeout(5000);
  await page.getByTestId('record-resume').click();
  await page.waitForTimeout(3000);
  const id = await stopAndWatch(page);
  const v = await waitReady(page, id);
  expect(v.status).toBe('ready');
  console.log(`pause/resume: 3 s + (5 s paused) + 3 s recorded → ${v.durationMs} ms`);
  expect(v.durationMs).toBeGreaterThan(4500);
  expect(v.durationMs).toBeLessThan(9000);
});

test('cancel deletes the recording: nothing left on the server', async ({ page }) => {
  await signUp(page, 'Canceller');
  const ids = uploadIdsOf(page);
  await startRecording(page);
  await page.waitForTimeout(3500);
  await page.getByTestId('record-cancel').click();
  await expect(page.getByTestId('record-start')).toBeVisible();
  await expect(page.getByTestId('recorder-note')).toContainText('cancelled');
  const mine = (await (await page.request.get('/api/v1/videos')).json()) as { videos: unknown[] };
  expect(mine.videos).toEqual([]);
  expect(ids.length).toBe(1);
  await expect.poll(() => fs.existsSync(path.join(UPLOADS, ids[0]!)), { timeout: 15_000 }).toBe(false);
  expect(fs.existsSync(path.join(UPLOADS, `${ids[0]}.json`))).toBe(false);
});

test('a 10 s network cut while recording loses nothing: the stored file is byte-identical', async ({ page }) => {
  await collectChunks(page);
  await signUp(page, 'Offline');
  const ids = uploadIdsOf(page);
  let cut = false;
  await page.route('**/api/v1/uploads/**', (route) => (cut ? route.abort('internetdisconnected') : route.continue()));
  await startRecording(page);
  await page.waitForTimeout(2500);
  cut = true;
  await page.waitForTimeout(10_000);
  cut = false;
  await page.waitForTimeout(2500);
  const id = await stopAndWatch(page);
  const v = await waitReady(page, id);
  expect(v.status).toBe('ready');
  const stored = fs.readFileSync(path.join(UPLOADS, ids[0]!));
  expect(createHash('sha256').update(stored).digest('hex')).toBe(await recordedSha256(page));
  console.log(`network cut: ${stored.length} bytes stored, identical to the recorded chunks; ${v.durationMs} ms of video`);
});

test('reload mid-recording: the recorder offers the unfinished recording and it processes', async ({ page }) => {
  await signUp(page, 'Reloader');
  await startRecording(page);
  // wait until a few fragments exist (the recorder writes each to its safety copy first)
  await expect(page.getByTestId('upload-progress')).toHaveText(/of (\d{3,}(\.\d)? KB|[\d.]+ MB) recorded/, { timeout: 30_000 });
  await page.waitForTimeout(2000);
  await page.reload();
  const recovery = page.getByTestId('recovery');
  await expect(recovery).toBeVisible();
  await recovery.getByTestId('recover-upload').click();
  const link = page.getByTestId('share-link');
  await expect(link).toBeVisible({ timeout: 30_000 });
  const videoId = (await link.getAttribute('href'))!.split('/').pop()!;
  const v = await waitReady(page, videoId);
  expect(v.status).toBe('ready');
  expect(v.durationMs).toBeGreaterThan(2000);
  await page.reload();
  await expect(page.getByTestId('recovery')).toHaveCount(0);
});

test('after Stop: a seekable local preview with a poster, an MP4 download, and a trim the server applies', async ({ page }) => {
  await signUp(page, 'Trimmer');
  await startRecording(page);
  await page.waitForTimeout(6000);
  const videoId = await stopAndWatch(page);
  const preview = page.getByTestId('preview-video');
  await expect(preview).toBeVisible({ timeout: 60_000 });
  const duration = await preview.evaluate(async (v: HTMLVideoElement) => {
    if (!Number.isFinite(v.duration) || v.readyState < 1) await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
    v.currentTime = v.duration / 2; // seekable
    await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
    return v.duration;
  });
  expect(Number.isFinite(duration)).toBe(true);
  expect(duration).toBeGreaterThan(3);
  expect(await preview.getAttribute('poster')).toMatch(/^blob:/);
  await expect(page.getByTestId('download-recording')).toHaveAttribute('download', 'recording.mp4');
  // the link first, then the review, all within the first screen (1280×900)
  await page.screenshot({ path: test.info().outputPath('after-stop.png'), fullPage: true });
  const linkBox = await page.getByTestId('share-result').boundingBox();
  const downloadBox = await page.getByTestId('download-recording').boundingBox();
  expect(linkBox!.y).toBeLessThan(downloadBox!.y);
  expect(downloadBox!.y + downloadBox!.height).toBeLessThan(900);
  console.log(`preview: ${await page.getByText(/Preview ready in/).textContent()} for ${duration.toFixed(1)} s`);

  await page.getByTestId('trim-start').fill('1');
  await page.getByTestId('trim-end').fill('3');
  await page.getByTestId('trim-apply').click();
  await expect(page.getByTestId('trim-note')).toContainText('Trimmed to 0:02');
  await expect
    .poll(async () => {
      const v = (await (await page.request.get(`/api/v1/videos/${videoId}`)).json()) as { status: string; durationMs: number };
      return v.status === 'ready' ? v.durationMs : Number.MAX_SAFE_INTEGER;
    }, { timeout: 90_000 })
    .toBeLessThan(2700);
  const v = (await (await page.request.get(`/api/v1/videos/${videoId}`)).json()) as { durationMs: number; trim: { startMs: number; endMs: number } };
  expect(v.trim).toEqual({ startMs: 1000, endMs: 3000 });
  expect(v.durationMs).toBeGreaterThan(1500);
});
