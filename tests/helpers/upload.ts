import fs from 'node:fs';
import * as tus from 'tus-js-client';
import { authHeaders, type Caller } from './client';
import { pollUntil } from './poll';

/** A new recording session of `owner` with `file` uploaded by tus-js-client; resolves once the video is `until` (default ready). */
export async function uploadVideoFile(base: string, owner: Caller, file: string, opts: { title?: string; until?: string } = {}): Promise<{ videoId: string; sessionId: string }> {
  const res = await fetch(`${base}/api/v1/recordings`, { method: 'POST', headers: authHeaders(owner), body: JSON.stringify({ title: opts.title ?? 'Test video' }) });
  const rec = (await res.json()) as { sessionId: string; videoId: string };
  await new Promise<void>((resolve, reject) => {
    new tus.Upload(fs.readFileSync(file), {
      endpoint: `${base}/api/v1/uploads`,
      headers: authHeaders(owner),
      metadata: { sessionId: rec.sessionId, filename: 'video.mp4', filetype: 'video/mp4' },
      onSuccess: () => resolve(),
      onError: reject,
    }).start();
  });
  const until = opts.until ?? 'ready';
  await pollUntil(
    async () => ((await (await fetch(`${base}/api/v1/videos/${rec.videoId}`, { headers: authHeaders(owner) })).json()) as { status: string }).status,
    (s) => s === until || s === 'failed',
    { timeout: 90_000 },
  );
  return rec;
}
