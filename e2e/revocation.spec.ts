import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import { call, signUpVia } from '../tests/helpers/client';
import { tempDir } from '../tests/helpers/databases';
import { uploadVideoFile } from '../tests/helpers/upload';
import { playAndMeasureStalls, stallsOf } from './helpers';

/**
 * Revoking a share link ends every media URL signed under the old access — the owner's player
 * included. The owner may still watch: the player gets a 403 on its next request, fetches fresh
 * URLs once and plays on from its buffer, on the embed and on the watch page (the same player).
 */
const surfaces = [
  { name: 'the embed', path: (id: string) => `/embed/${id}?autoplay=1&muted=1&playbackRate=2` },
  { name: 'the watch page', path: (id: string) => `/v/${id}` },
];

let file = '';
const dir = tempDir('revocation');
test.beforeAll(async () => {
  file = path.join(dir, 'long.mp4');
  await promisify(execFile)('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15', '-f', 'lavfi', '-i', 'sine', '-t', '60', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file]);
});
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

for (const surface of surfaces) {
  test(`access changes mid-playback: ${surface.name} of the owner plays on with fresh URLs`, async ({ page, baseURL }) => {
    test.setTimeout(180_000);
    const base = baseURL!;
    const owner = await signUpVia(base, 'Revoker');
    const { videoId } = await uploadVideoFile(base, owner, file, { title: 'Revoked mid-play', until: 'ready' });
    const link = (await (await call(base, owner, `/api/v1/videos/${videoId}/share-links`, { method: 'POST', body: { expiresInSeconds: 3600 } })).json()) as { token: string };
    const [name, value] = owner.cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: base }]);
    // segments take a network's time, so the player cannot hold the whole video before the change
    const refused: string[] = [];
    await page.route('**/media/**', async (route) => {
      if (/\.ts(\?|$)/.test(route.request().url())) await new Promise((r) => setTimeout(r, 150));
      await route.continue();
    });
    page.on('response', (r) => {
      if (r.url().includes('/media/') && r.status() === 403) refused.push(r.url());
    });
    await page.goto(`${base}${surface.path(videoId)}`);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, null, { timeout: 60_000 });
    await playAndMeasureStalls(page);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 4, null, { timeout: 60_000 });
    expect((await call(base, owner, `/api/v1/videos/${videoId}/share-links/${encodeURIComponent(link.token)}`, { method: 'DELETE' })).status).toBe(204);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 50, null, { timeout: 90_000 });
    const { stalls, open } = await stallsOf(page);
    const error = await page.evaluate(() => document.querySelector('video')?.error?.message ?? null);
    expect(error).toBeNull();
    expect(refused.length).toBeGreaterThan(0);
    expect(Math.max(0, open, ...stalls)).toBeLessThan(2000);
    console.log(`revocation, ${surface.name}: ${refused.length} request(s) refused after the change, stalls ${JSON.stringify(stalls.map(Math.round))} ms`);
  });
}
