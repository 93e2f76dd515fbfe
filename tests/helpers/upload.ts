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

/** tus creation by hand, as the recorder does it while recording: the length deferred. Returns the upload URL. */
export async function createLiveUpload(base: string, caller: Caller, sessionId: string): Promise<Response & { uploadUrl: string }> {
  const res = await fetch(`${base}/api/v1/uploads`, {
    method: 'POST',
    headers: { ...authHeaders(caller), 'tus-resumable': '1.0.0', 'upload-defer-length': '1', 'upload-metadata': `sessionId ${Buffer.from(sessionId).toString('base64')}` },
  });
  const location = res.headers.get('location');
  return Object.assign(res, { uploadUrl: location ? new URL(location, base).toString() : '' });
}

/** One tus PATCH of `body` at `offset`; `finalLength` declares the upload's length (the recorder's Stop). */
export function patchUpload(uploadUrl: string, caller: Caller, body: Uint8Array<ArrayBuffer>, offset: number, finalLength?: number): Promise<Response> {
  return fetch(uploadUrl, {
    method: 'PATCH',
    headers: {
      ...authHeaders(caller),
      'tus-resumable': '1.0.0',
      'content-type': 'application/offset+octet-stream',
      'upload-offset': String(offset),
      ...(finalLength !== undefined ? { 'upload-length': String(finalLength) } : {}),
    },
    body,
  });
}
