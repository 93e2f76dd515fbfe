/**
 * Recorder figures (issue: the recorder), screen + camera bubble in headless Chromium:
 *  - Stop → the share page answering (HTTP 200), p50 over 5 recordings of 8 s
 *  - bytes already on the server at Stop, as a share of the recording (8 s runs and one 60 s run)
 *  - ffmpeg.wasm review (load + remux + poster) for the 60 s recording
 *  - recorded frame rate with the bubble at 720p and 1080p
 * Run: npm run build && npm run bench:recorder
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signUp } from '../e2e/helpers';

const UPLOADS = path.resolve('.tmp', `e2e-${process.env.E2E_PORT ?? 3210}`, 'media', 'uploads');
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Run {
  stopToPageMs: number;
  shareAtStop: number;
  fps: number;
  previewMs: number | null;
}

async function recordOnce(page: Page, uploads: string[], seconds: number, height: '720' | '1080', waitPreview: boolean): Promise<Run> {
  await page.getByTestId('mode-screen+camera').click();
  await page.getByTestId('resolution').selectOption(height);
  await page.getByTestId('record-start').click();
  await expect(page.getByTestId('record-stop')).toBeVisible({ timeout: 45_000 });
  await page.waitForTimeout(seconds * 1000);
  const url = uploads[uploads.length - 1]!;
  const offsetAtStop = Number((await page.request.head(url, { headers: { 'Tus-Resumable': '1.0.0' } })).headers()['upload-offset'] ?? 0);
  const t0 = Date.now();
  await page.getByTestId('record-stop').click();
  const href = await page.getByTestId('share-link').getAttribute('href');
  expect((await page.request.get(href!)).status()).toBe(200);
  const stopToPageMs = Date.now() - t0;
  await expect(page.getByTestId('upload-progress')).toHaveText(/^Uploaded [\d.]+ [KM]B$/, { timeout: 120_000 });
  let previewMs: number | null = null;
  if (waitPreview) {
    const text = await page.getByText(/Preview ready in \d+ ms/).textContent({ timeout: 120_000 });
    previewMs = Number(/(\d+) ms/.exec(text ?? '')?.[1]);
  }
  const file = path.join(UPLOADS, url.split('/').pop()!);
  const j = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-count_packets', '-show_entries', 'stream=nb_read_packets:format=duration,size', '-of', 'json', file]).toString(),
  ) as { streams: Array<{ nb_read_packets: string }>; format: { duration: string; size: string } };
  await page.getByRole('button', { name: 'Record another' }).click();
  return {
    stopToPageMs,
    shareAtStop: offsetAtStop / Number(j.format.size),
    fps: Number(j.streams[0]!.nb_read_packets) / Number(j.format.duration),
    previewMs,
  };
}

test('recorder: Stop → share page, bytes on the server at Stop, preview time, recorded fps', async ({ page }) => {
  await signUp(page, 'Bench');
  const uploads: string[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/uploads') && r.status() === 201) uploads.push(r.headers().location ?? '');
  });
  const short: Run[] = [];
  for (let i = 0; i < 5; i++) short.push(await recordOnce(page, uploads, 8, '720', false));
  const long = await recordOnce(page, uploads, 60, '720', true);
  const hd = await recordOnce(page, uploads, 8, '1080', false);
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
  console.log(`recorder bench (headless Chromium, software rendering, 2 cores):
  Stop → share page answering: p50 ${p50(short.map((r) => r.stopToPageMs))} ms over 5 runs (${short.map((r) => r.stopToPageMs).join(', ')}; goal ≤ 1000)
  bytes on the server at Stop: 8 s recordings p50 ${pct(p50(short.map((r) => r.shareAtStop)))}; 60 s recording ${pct(long.shareAtStop)}
  ffmpeg.wasm review of the 60 s recording (load + remux + poster): ${long.previewMs} ms (goal ≤ 2000)
  recorded fps with the bubble: 720p p50 ${p50(short.map((r) => r.fps)).toFixed(1)} (60 s run ${long.fps.toFixed(1)}), 1080p ${hd.fps.toFixed(1)} (goal ≥ 29)`);
});
