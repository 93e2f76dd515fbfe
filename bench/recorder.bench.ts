/**
 * Recorder figures, screen + camera bubble in headless Chromium:
 *  - Stop → the first frame of the share link opened at Stop in another browser context (a viewer
 *    of their own, no cookies), and of the link opened halfway through the recording (already
 *    playing the recording live); p50 over 5 recordings of 10 s and 3 of 60 s
 *  - bytes already on the server at Stop, as a share of the recording
 *  - ffmpeg.wasm review (load + remux + poster) for the 60 s recording
 *  - recorded frame rate with the bubble at 720p and 1080p, the Worker compositor (VideoFrames into an
 *    OffscreenCanvas) against the page-canvas compositor (<video> sources) in the same run
 *  - recorder extras: recorded fps at 1080p screen + camera bubble with background blur against the
 *    same recording without it in the same run, the blur's cost per frame (segmentation + drawing,
 *    from the compositor's reports); noise suppression's real-time factor and levels on the
 *    espeak-ng fixture (e2e/noise-kit.ts)
 * Run: npm run build && npm run bench:recorder            (only the extras: -- -g extras)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signUp } from '../e2e/helpers';
import { firstFrameAt, firstFrameSoFar, viewerPath, viewerReady } from './viewer';
import { makeFixture, measure } from '../e2e/noise-kit';

const UPLOADS = path.resolve('.tmp', `e2e-${process.env.E2E_PORT ?? 3210}`, 'media', 'uploads');
/**
 * CPU time (ms) used so far by each kind of process on the machine that matters here: Chromium's
 * processes by their --type (browser, renderer, gpu-process, utility…), ffmpeg, node. Linux only.
 */
function cpuByKind(): Map<string, number> {
  const tick = 1000 / 100; // USER_HZ
  const out = new Map<string, number>();
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      // (Chromium's child processes rewrite their command line into one space-separated string)
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
      const exe = path.basename(cmd[0] ?? '');
      let kind: string | null = null;
      if (/chrom/.test(exe)) kind = `chromium ${cmd.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser'}${cmd.includes('--extension-process') ? ' (extension)' : ''}`;
      else if (exe === 'ffmpeg') kind = 'ffmpeg';
      else if (exe === 'node' || exe.startsWith('next')) kind = 'node';
      if (!kind) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(kind, (out.get(kind) ?? 0) + (Number(f[11]) + Number(f[12])) * tick);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Per-kind CPU use between two samples, as a share of one core over `ms`, largest first. */
function cpuShares(a: Map<string, number>, b: Map<string, number>, ms: number): string {
  return [...b]
    .map(([k, v]) => [k, (v - (a.get(k) ?? 0)) / ms] as const)
    .filter(([, share]) => share >= 0.01)
    .sort((x, y) => y[1] - x[1])
    .map(([k, share]) => `${k} ${(share * 100).toFixed(0)} %`)
    .join(', ');
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const SHORT_RUNS = Number(process.env.BENCH_SHORT_RUNS ?? 5);
const LONG_RUNS = Number(process.env.BENCH_LONG_RUNS ?? 3);

interface Run {
  /** Stop → the first frame of the share link opened, at Stop, in another browser context (no cookies). */
  stopToFrameMs: number;
  /** The link opened halfway through the recording: 0 when it showed frames before Stop (the recording live), else NaN. */
  earlyStopToFrameMs: number;
  earlyPlayedBeforeStop: boolean;
  stopToPageMs: number;
  stopToPlayableMs: number;
  shareAtStop: number;
  fps: number;
  previewMs: number | null;
}

/** `viewers`: links opened before and at Stop; `preview`: the review's timing alone; `fps`: the recording alone. */
type RunKind = 'viewers' | 'preview' | 'fps';

async function recordOnce(
  page: Page,
  browser: Browser,
  uploads: string[],
  seconds: number,
  height: '720' | '1080',
  kind: RunKind,
  compositor: 'worker' | 'page' = 'worker',
  background: 'off' | 'blur' = 'off',
): Promise<Run> {
  const waitPreview = kind === 'preview';
  await page.goto(compositor === 'page' ? '/record?compositor=page' : '/record');
  await page.getByTestId('mode-screen+camera').click();
  await page.getByTestId('resolution').selectOption(height);
  // the profile remembers the last choice: say it every time
  await page.getByTestId('camera-background').selectOption(background);
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/recordings') && r.status() === 201);
  await page.getByTestId('record-start').click();
  const { videoId } = (await (await created).json()) as { videoId: string };
  await expect(page.getByTestId('record-stop')).toBeVisible({ timeout: 45_000 });
  const share = `/v/${videoId}`;
  const link = new URL(share, page.url()).href;
  // someone opens the link halfway through (not during the preview and fps runs: it would compete with them)
  await page.waitForTimeout(2000);
  const cpuFrom = cpuByKind();
  const cpuAt = performance.now();
  await page.waitForTimeout((seconds * 1000) / 2 - 2000);
  const early = kind !== 'viewers' ? null : await viewerReady(browser);
  await early?.open(link);
  await page.waitForTimeout((seconds * 1000) / 2 - 1500);
  // and the person the link is sent at Stop has a browser open (their own: no cookies)
  const viewer = kind !== 'viewers' ? null : await viewerReady(browser);
  await page.waitForTimeout(1500);
  const cpu = cpuShares(cpuFrom, cpuByKind(), performance.now() - cpuAt);
  // the early viewer has shown what it had by now; it leaves (on a machine of its own it would not compete)
  const earlyFrame = early ? await firstFrameSoFar(early.page) : null;
  await early?.close();
  const url = uploads[uploads.length - 1]!;
  const offsetAtStop = Number((await page.request.head(url, { headers: { 'Tus-Resumable': '1.0.0' } })).headers()['upload-offset'] ?? 0);
  // Stop, timed in the page (Playwright's own click takes 0.5–1 s on a busy page)
  const stopAt = await page.evaluate(() => {
    const t = Date.now();
    (document.querySelector('[data-testid="record-stop"]') as HTMLButtonElement).click();
    return t;
  });
  let stopToFrameMs = NaN;
  let earlyStopToFrameMs = NaN;
  let earlyPlayedBeforeStop = false;
  let stopToPageMs = NaN;
  let stopToPlayableMs = NaN;
  let viewerTrace = '';
  if (viewer) {
    await viewer.open(link);
    stopToPageMs = Date.now() - stopAt;
    const playable = (async () => {
      for (let i = 0; i < 1200; i++) {
        const v = (await (await page.request.get(`/api/v1/videos/${videoId}`)).json()) as { status: string };
        if (v.status === 'playable' || v.status === 'ready') return Date.now() - stopAt;
        await new Promise((r) => setTimeout(r, 50));
      }
      return NaN;
    })();
    stopToFrameMs = (await firstFrameAt(viewer.page)) - stopAt;
    viewerTrace = await viewerPath(viewer.page);
    earlyPlayedBeforeStop = earlyFrame !== null && earlyFrame <= stopAt;
    earlyStopToFrameMs = earlyPlayedBeforeStop ? 0 : NaN;
    stopToPlayableMs = await playable;
    await viewer.close();
  }
  await expect(page.getByTestId('share-link')).toBeVisible();
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
  const run = {
    stopToFrameMs,
    earlyStopToFrameMs,
    earlyPlayedBeforeStop,
    stopToPageMs,
    stopToPlayableMs,
    shareAtStop: offsetAtStop / Number(j.format.size),
    fps: Number(j.streams[0]!.nb_read_packets) / Number(j.format.duration),
    previewMs,
  };
  console.log(
    `  ${seconds} s ${height}p ${compositor}${background === 'blur' ? ' with blur' : ''} (${kind}): ` +
      (viewer ? `Stop → first frame, link opened at Stop ${stopToFrameMs} ms (${viewerTrace}); opened halfway ${earlyPlayedBeforeStop ? 'playing before Stop' : 'NOT playing by Stop'}; API playable ${stopToPlayableMs} ms; ` : '') +
      `${(run.shareAtStop * 100).toFixed(0)} % on the server at Stop, ${run.fps.toFixed(1)} fps; CPU while recording (of one core): ${cpu}`,
  );
  return run;
}

test('recorder: Stop → first frame in a viewer\'s tab, bytes on the server at Stop, preview time, recorded fps', async ({ page, browser }) => {
  test.setTimeout(30 * 60_000);
  await signUp(page, 'Bench');
  const paths = new Set<string>();
  page.on('console', (m) => {
    if (m.text().startsWith('weft compositor:')) paths.add(m.text());
  });
  const uploads: string[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/uploads') && r.status() === 201) uploads.push(r.headers().location ?? '');
  });
  console.log('recorder bench, each run as it ends:');
  const short: Run[] = [];
  for (let i = 0; i < SHORT_RUNS; i++) short.push(await recordOnce(page, browser, uploads, 10, '720', 'viewers'));
  const long: Run[] = [];
  for (let i = 0; i < LONG_RUNS; i++) long.push(await recordOnce(page, browser, uploads, 60, '720', 'viewers'));
  const preview = await recordOnce(page, browser, uploads, 60, '720', 'preview');
  const hd = await recordOnce(page, browser, uploads, 15, '1080', 'fps');
  const hdPage = await recordOnce(page, browser, uploads, 15, '1080', 'fps', 'page');
  const sdPage = await recordOnce(page, browser, uploads, 15, '720', 'fps', 'page');
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
  const list = (runs: Run[], f: (r: Run) => number) => runs.map(f).join(', ');
  const row = (name: string, runs: Run[]) =>
    `  ${name}: link opened at Stop p50 ${p50(runs.map((r) => r.stopToFrameMs))} ms [${list(runs, (r) => r.stopToFrameMs)}] (goal ≤ 1000); ` +
    `opened halfway: playing before Stop in ${runs.filter((r) => r.earlyPlayedBeforeStop).length} of ${runs.length}; ` +
    `API playable p50 ${p50(runs.map((r) => r.stopToPlayableMs))} ms`;
  console.log(`recorder bench (headless Chromium, software rendering, 2 cores):
Stop → first frame of the share link in another browser context (/record, screen + camera bubble):
${row(`${SHORT_RUNS} × 10 s`, short)}
${row(`${LONG_RUNS} × 60 s`, long)}
  of which the share page answered (navigation committed) p50 ${p50([...short, ...long].map((r) => r.stopToPageMs))} ms after Stop
bytes on the server at Stop: 10 s recordings p50 ${pct(p50(short.map((r) => r.shareAtStop)))}; 60 s recordings p50 ${pct(p50(long.map((r) => r.shareAtStop)))}
ffmpeg.wasm review of a 60 s recording (load + remux + poster): ${preview.previewMs} ms (goal ≤ 2000)
recorded fps with the bubble, Worker compositor: 720p p50 ${p50(short.map((r) => r.fps)).toFixed(1)} (60 s runs ${p50(long.map((r) => r.fps)).toFixed(1)}), 1080p ${hd.fps.toFixed(1)} (goal ≥ 29)
recorded fps with the bubble, page-canvas compositor (baseline): 720p ${sdPage.fps.toFixed(1)}, 1080p ${hdPage.fps.toFixed(1)}; Worker/page at 1080p ${(hd.fps / hdPage.fps).toFixed(2)}×
Worker compositor paths seen: ${[...paths].join('; ') || 'none'}`);
});

test('recorder extras: 1080p + bubble with background blur, its cost per frame; noise suppression speed and levels', async ({ page, browser }) => {
  test.setTimeout(15 * 60_000);
  await signUp(page, 'Extras');
  const costs: Array<{ segment: number; drawing: number }> = [];
  page.on('console', (m) => {
    const c = /^weft effect: segmentation ([\d.]+) ms \+ drawing ([\d.]+) ms/.exec(m.text());
    if (c) costs.push({ segment: Number(c[1]), drawing: Number(c[2]) });
  });
  const uploads: string[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/uploads') && r.status() === 201) uploads.push(r.headers().location ?? '');
  });
  const RUNS = Number(process.env.BENCH_EXTRAS_RUNS ?? 3);
  const plain: number[] = [];
  const blur: number[] = [];
  const perRun: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push((await recordOnce(page, browser, uploads, 15, '1080', 'fps', 'worker', 'off')).fps);
    costs.length = 0;
    blur.push((await recordOnce(page, browser, uploads, 15, '1080', 'fps', 'worker', 'blur')).fps);
    // the first report includes loading the model
    const steady = costs.slice(1);
    const seg = steady.reduce((n, c) => n + c.segment, 0) / Math.max(1, steady.length);
    const draw = steady.reduce((n, c) => n + c.drawing, 0) / Math.max(1, steady.length);
    perRun.push(`segmentation ${seg.toFixed(1)} ms + drawing ${draw.toFixed(1)} ms = ${(seg + draw).toFixed(1)} ms a frame`);
  }
  makeFixture();
  await page.goto('/api/v1/health');
  const ns = [];
  for (let i = 0; i < 3; i++) ns.push(await measure(page));
  const rtfs = ns.map((f) => (f.seconds * 1000) / f.renderMs);
  const f = ns[0]!;
  console.log(`recorder extras bench (headless Chromium, software rendering, 2 cores):
recorded fps, 1080p screen + 720p-class camera bubble (15 s each, alternating): without blur p50 ${p50(plain).toFixed(1)} [${plain.map((x) => x.toFixed(1)).join(', ')}], with blur p50 ${p50(blur).toFixed(1)} [${blur.map((x) => x.toFixed(1)).join(', ')}] (goal ≥ 24); with/without ${(p50(blur) / p50(plain)).toFixed(2)}×
blur cost per frame, steady state, per run: ${perRun.join('; ')}
noise suppression (RNNoise AudioWorklet, ${f.seconds.toFixed(1)} s of espeak-ng speech + pink noise + hum): real-time factor p50 ${p50(rtfs).toFixed(0)}× [${rtfs.map((x) => x.toFixed(0)).join(', ')}] (goal ≥ 5×; the same graph without the worklet renders in ${f.plainRenderMs.toFixed(0)} ms, with it ${f.renderMs.toFixed(0)} ms); noise floor ${f.floorInDb.toFixed(1)} → ${f.floorOutDb.toFixed(1)} dBFS = ${(f.floorOutDb - f.floorInDb).toFixed(1)} dB (goal ≤ −15); speech ${(f.speechOutDb - f.speechCleanDb).toFixed(1)} dB against the clean speech (goal within ±3)`);
  expect(p50(blur)).toBeGreaterThan(0);
});
