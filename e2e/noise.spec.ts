import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signUp } from './helpers';
import { makeFixture, measure, NOISY } from './noise-kit';

/**
 * Noise suppression (RNNoise in an AudioWorklet, the files Weft serves from /recorder/rnnoise/):
 *  - its quality and speed on a fixture made here: espeak-ng speech after 2 s of nothing, mixed
 *    with generated pink noise and a 120 Hz hum — the noise floor must drop ≥ 15 dB, the speech
 *    stay within 3 dB, the worklet run ≥ 5× faster than real time (an OfflineAudioContext);
 *  - /record with Chromium's microphone playing that fixture: on by default, remembered, and the
 *    recording made with it on is quieter between words than the one made with it off.
 */
makeFixture();

// Chromium's fake microphone plays the fixture (on a loop)
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${NOISY}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

test('RNNoise: the noise floor drops ≥ 15 dB, the speech stays within 3 dB, ≥ 5× real time', async ({ page }) => {
  await page.goto('/api/v1/health');
  const f = await measure(page);
  const rtf = (f.seconds * 1000) / f.renderMs;
  console.log(
    `noise suppression on ${f.seconds.toFixed(1)} s of espeak-ng speech + pink noise + hum: noise floor ${f.floorInDb.toFixed(1)} → ${f.floorOutDb.toFixed(1)} dBFS ` +
      `(${(f.floorOutDb - f.floorInDb).toFixed(1)} dB), speech ${(f.speechOutDb - f.speechCleanDb).toFixed(1)} dB against the clean speech, ` +
      `worklet ${rtf.toFixed(0)}× real time (${f.renderMs.toFixed(0)} ms; the same graph without it ${f.plainRenderMs.toFixed(0)} ms)`,
  );
  expect(f.floorOutDb - f.floorInDb).toBeLessThanOrEqual(-15);
  expect(Math.abs(f.speechOutDb - f.speechCleanDb)).toBeLessThanOrEqual(3);
  expect(rtf).toBeGreaterThanOrEqual(5);
});

test.describe('on /record, with the microphone playing the fixture', () => {
  test.describe.configure({ retries: 1 });

  test('on by default, remembered; with it on the recording is quieter between words', async ({ page }) => {
    test.setTimeout(180_000);
    const uploads = path.resolve('.tmp', `e2e-${process.env.E2E_PORT ?? 3210}`, 'media', 'uploads');
    const ids: string[] = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/uploads') && r.status() === 201) ids.push((r.headers().location ?? '').split('/').pop() ?? '');
    });
    await signUp(page, 'Quiet');
    await page.getByTestId('mode-screen').click();
    await page.getByTestId('resolution').selectOption('720');
    const record = async () => {
      await page.getByTestId('record-start').click();
      await expect(page.getByTestId('record-stop')).toBeVisible({ timeout: 45_000 });
      await page.waitForTimeout(9000);
      await page.getByTestId('record-stop').click();
      await expect(page.getByTestId('upload-progress')).toHaveText(/^Uploaded [\d.]+ [KM]B$/, { timeout: 60_000 });
      await page.getByRole('button', { name: 'Record another' }).click();
      return path.join(uploads, ids[ids.length - 1]!);
    };
    await expect(page.getByTestId('noise-suppression')).toBeChecked();
    const on = await record();
    await page.getByTestId('noise-suppression').uncheck();
    await page.reload();
    await expect(page.getByTestId('noise-suppression')).not.toBeChecked();
    const off = await record();
    // the quietest tenth of 50 ms windows: what is left between words
    const floor = (file: string) => {
      const raw = execFileSync('ffmpeg', ['-v', 'error', '-ss', '1', '-i', file, '-map', '0:a', '-ac', '1', '-ar', '16000', '-f', 's16le', '-'], { maxBuffer: 64 << 20 });
      const a = new Int16Array(raw.buffer, raw.byteOffset, Math.floor(raw.length / 2));
      const w = 800;
      const levels: number[] = [];
      for (let i = 0; i + w <= a.length; i += w) {
        let e = 0;
        for (let k = i; k < i + w; k++) e += (a[k]! / 32768) ** 2;
        levels.push(10 * Math.log10(e / w + 1e-12));
      }
      levels.sort((p, q) => p - q);
      return levels[Math.floor(levels.length * 0.1)]!;
    };
    const [fOn, fOff] = [floor(on), floor(off)];
    console.log(`/record with a noisy microphone: the floor between words ${fOff.toFixed(1)} dBFS without, ${fOn.toFixed(1)} dBFS with noise suppression`);
    expect(fOn).toBeLessThan(fOff - 10);
  });
});
