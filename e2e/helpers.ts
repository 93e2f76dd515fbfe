import { expect, type Page } from '@playwright/test';

let n = 0;
/** Signs up through the real form; the browser context keeps the session cookie. */
export async function signUp(page: Page, name = 'Ada'): Promise<string> {
  const email = `${name.toLowerCase()}-${Date.now()}-${n++}@example.com`;
  await page.goto('/signup?next=/record');
  await page.getByTestId('auth-name').fill(name);
  await page.getByTestId('auth-email').fill(email);
  await page.getByTestId('auth-password').fill('correct horse battery');
  await page.getByTestId('auth-submit').click();
  await page.waitForURL((u) => u.pathname === '/record');
  await expect(page.getByTestId('current-user')).toHaveText(name);
  return email;
}

export async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

/** A test video (ffmpeg's pattern and a tone) uploaded through the API as the page's user; resolves once it is ready. */
export async function uploadTestVideo(page: Page, baseURL: string, opts: { seconds?: number; title?: string } = {}): Promise<string> {
  const { execFileSync } = await import('node:child_process');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const tus = await import('tus-js-client');
  const cookie = await cookieHeader(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-'));
  const file = path.join(dir, 'talk.mp4');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', String(opts.seconds ?? 6), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', file]);
  const rec = (await (await fetch(`${baseURL}/api/v1/recordings`, { method: 'POST', headers: { cookie }, body: JSON.stringify({ title: opts.title ?? 'Test video' }) })).json()) as { sessionId: string; videoId: string };
  await new Promise<void>((resolve, reject) => {
    new tus.Upload(fs.readFileSync(file), {
      endpoint: `${baseURL}/api/v1/uploads`,
      headers: { cookie },
      metadata: { sessionId: rec.sessionId, filename: 'talk.mp4', filetype: 'video/mp4' },
      onSuccess: () => resolve(),
      onError: reject,
    }).start();
  });
  fs.rmSync(dir, { recursive: true, force: true });
  await expect
    .poll(async () => ((await (await fetch(`${baseURL}/api/v1/videos/${rec.videoId}`, { headers: { cookie } })).json()) as { status: string }).status, { timeout: 90_000 })
    .toBe('ready');
  return rec.videoId;
}

/** Starts the page's <video> muted at twice the speed and records every stall (waiting → playing, ms). */
export async function playAndMeasureStalls(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { stalls: number[]; waitingAt: number };
    w.stalls = [];
    const v = document.querySelector('video')!;
    // the watch page waits for a click: start it here, muted, at twice the speed
    v.muted = true;
    v.playbackRate = 2;
    void v.play();
    v.addEventListener('waiting', () => (w.waitingAt = performance.now()));
    v.addEventListener('playing', () => {
      if (w.waitingAt) w.stalls.push(performance.now() - w.waitingAt);
      w.waitingAt = 0;
    });
  });
}

/** The stalls so far, and the one still open (ms). */
export async function stallsOf(page: Page): Promise<{ stalls: number[]; open: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { stalls: number[]; waitingAt: number };
    return { stalls: w.stalls, open: w.waitingAt ? performance.now() - w.waitingAt : 0 };
  });
}
