/**
 * Recorder figures (issue: the recorder): over 5 recordings of 8 s, screen + camera bubble:
 *  - Stop → the share page answering (HTTP 200 with the player or the processing state), p50
 *  - bytes already on the server at Stop, as a share of the whole recording
 *  - recorded frame rate at 720p and 1080p with the bubble
 * Run: npm run build && npx playwright test -c bench/playwright.config.ts
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signUp } from '../e2e/helpers';

const UPLOADS = path.resolve('.tmp', `e2e-${process.env.E2E_PORT ?? 3210}`, 'media', 'uploads');
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test('recorder: Stop → share page, bytes on the server at Stop, recorded fps', async ({ page }) => {
  await signUp(page, 'Bench');
  const uploads: string[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/uploads') && r.status() === 201) uploads.push(r.headers().location ?? '');
  });
  const stopToPage: number[] = [];
  const shareAtStop: number[] = [];
  const fps: Record<string, number[]> = { '720': [], '1080': [] };
  for (let run = 0; run < 6; run++) {
    const height = run < 5 ? '720' : '1080';
    await page.getByTestId('mode-screen+camera').click();
    await page.getByTestId('resolution').selectOption(height);
    await page.getByTestId('record-start').click();
    await expect(page.getByTestId('record-stop')).toBeVisible({ timeout: 45_000 });
    await page.waitForTimeout(8000);
    const url = uploads[uploads.length - 1]!;
    const offsetAtStop = Number((await page.request.head(url, { headers: { 'Tus-Resumable': '1.0.0' } })).headers()['upload-offset'] ?? 0);
    const t0 = Date.now();
    await page.getByTestId('record-stop').click();
    const href = await page.getByTestId('share-link').getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    stopToPage.push(Date.now() - t0);
    await expect(page.getByTestId('upload-progress')).toHaveText(/^Uploaded [\d.]+ [KM]B$/, { timeout: 60_000 });
    const file = path.join(UPLOADS, url.split('/').pop()!);
    const probe = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-count_packets', '-show_entries', 'stream=nb_read_packets:format=duration,size', '-of', 'json', file]).toString();
    const j = JSON.parse(probe) as { streams: Array<{ nb_read_packets: string }>; format: { duration: string; size: string } };
    shareAtStop.push(offsetAtStop / Number(j.format.size));
    fps[height]!.push(Number(j.streams[0]!.nb_read_packets) / Number(j.format.duration));
    await page.getByRole('button', { name: 'Record another' }).click();
  }
  console.log(`recorder bench (headless Chromium, software rendering, 2 cores):
  Stop → share page answering: p50 ${p50(stopToPage)} ms (runs: ${stopToPage.join(', ')} ms; goal ≤ 1000)
  bytes on the server at Stop: p50 ${(p50(shareAtStop) * 100).toFixed(1)} % of the recording (runs: ${shareAtStop.map((x) => (x * 100).toFixed(0) + '%').join(', ')})
  recorded fps with the bubble: 720p p50 ${p50(fps['720']!).toFixed(1)}, 1080p ${fps['1080']!.map((x) => x.toFixed(1)).join(', ')} (goal ≥ 29)`);
});
