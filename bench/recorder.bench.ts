/**
 * Recorder figures (issue: the recorder), screen + camera bubble in headless Chromium:
 *  - Stop → the share page answering (HTTP 200), and Stop → the share page, opened at Stop in a
 *    second tab, showing the first frame of the player; p50 over 5 recordings of 8 s
 *  - bytes already on the server at Stop, as a share of the recording (8 s runs and one 60 s run)
 *  - ffmpeg.wasm review (load + remux + poster) for the 60 s recording
 *  - recorded frame rate with the bubble at 720p and 1080p, the Worker compositor (VideoFrames into an
 *    OffscreenCanvas) against the page-canvas compositor (<video> sources) in the same run
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
  stopToPlayerMs: number;
  stopToPlayableMs: number;
  stopToViewerLoadedMs: number;
  shareAtStop: number;
  fps: number;
  previewMs: number | null;
}

async function recordOnce(page: Page, uploads: string[], seconds: number, height: '720' | '1080', waitPreview: boolean, compositor: 'worker' | 'page' = 'worker'): Promise<Run> {
  await page.goto(compositor === 'page' ? '/record?compositor=page' : '/record');
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
  let stopToPlayerMs = NaN;
  let stopToPageMs = NaN;
  let stopToPlayableMs = NaN;
  let stopToViewerLoadedMs = NaN;
  if (!waitPreview) {
    // a second tab opens the link at Stop, as the person it was sent to would (not during the preview run: it would compete with it)
    const viewer = await page.context().newPage();
    const opened = viewer.goto(href!);
    // when the API first says the video plays (the part of the wait that is the server's)
    const videoId = href!.split('/').pop()!;
    const playable = (async () => {
      for (;;) {
        const v = (await (await page.request.get(`/api/v1/videos/${videoId}`)).json()) as { status: string };
        if (v.status === 'playable' || v.status === 'ready') return Date.now() - t0;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    expect((await page.request.get(href!)).status()).toBe(200);
    stopToPageMs = Date.now() - t0;
    await opened;
    stopToViewerLoadedMs = Date.now() - t0;
    await viewer.waitForFunction(() => ((document.querySelector('[data-testid=player] video, video[data-testid=player]') as HTMLVideoElement | null)?.readyState ?? 0) >= 2, null, {
      timeout: 60_000,
      polling: 20,
    });
    stopToPlayerMs = Date.now() - t0;
    stopToPlayableMs = await playable;
    await viewer.close();
  }
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
  return {
    stopToPageMs,
    stopToPlayerMs,
    stopToPlayableMs,
    stopToViewerLoadedMs,
    shareAtStop: offsetAtStop / Number(j.format.size),
    fps: Number(j.streams[0]!.nb_read_packets) / Number(j.format.duration),
    previewMs,
  };
}

test('recorder: Stop → share page, bytes on the server at Stop, preview time, recorded fps', async ({ page }) => {
  await signUp(page, 'Bench');
  const paths = new Set<string>();
  page.on('console', (m) => {
    if (m.text().startsWith('weft compositor:')) paths.add(m.text());
  });
  const uploads: string[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/uploads') && r.status() === 201) uploads.push(r.headers().location ?? '');
  });
  const short: Run[] = [];
  for (let i = 0; i < 5; i++) short.push(await recordOnce(page, uploads, 8, '720', false));
  const mid = await recordOnce(page, uploads, 30, '720', false);
  const long = await recordOnce(page, uploads, 60, '720', true);
  const hd = await recordOnce(page, uploads, 15, '1080', false);
  const hdPage = await recordOnce(page, uploads, 15, '1080', false, 'page');
  const sdPage = await recordOnce(page, uploads, 15, '720', false, 'page');
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
  console.log(`recorder bench (headless Chromium, software rendering, 2 cores):
  Stop → share page answering (HTTP 200): p50 ${p50(short.map((r) => r.stopToPageMs))} ms over 5 runs (${short.map((r) => r.stopToPageMs).join(', ')}; goal ≤ 1000)
  Stop → share page showing the player's first frame: p50 ${p50(short.map((r) => r.stopToPlayerMs))} ms (${short.map((r) => r.stopToPlayerMs).join(', ')})
    30 s recording: Stop → player's first frame ${mid.stopToPlayerMs} ms (API playable ${mid.stopToPlayableMs} ms, ${pct(mid.shareAtStop)} on the server at Stop)
    of which: Stop → the viewer's page loaded p50 ${p50(short.map((r) => r.stopToViewerLoadedMs))} ms, Stop → API status playable p50 ${p50(short.map((r) => r.stopToPlayableMs))} ms
  bytes on the server at Stop: 8 s recordings p50 ${pct(p50(short.map((r) => r.shareAtStop)))}; 60 s recording ${pct(long.shareAtStop)}
  ffmpeg.wasm review of the 60 s recording (load + remux + poster): ${long.previewMs} ms (goal ≤ 2000)
  recorded fps with the bubble, Worker compositor: 720p p50 ${p50(short.map((r) => r.fps)).toFixed(1)} (60 s run ${long.fps.toFixed(1)}), 1080p ${hd.fps.toFixed(1)} (goal ≥ 29)
  recorded fps with the bubble, page-canvas compositor (baseline): 720p ${sdPage.fps.toFixed(1)}, 1080p ${hdPage.fps.toFixed(1)}; Worker/page at 1080p ${(hd.fps / hdPage.fps).toFixed(2)}×
  Worker compositor paths seen: ${[...paths].join('; ') || 'none'}`);
});
