/**
 * The MP4 download of a video's current version. The first request remuxes the top rung's segments
 * (no encoding: `-c copy`) into a fragmented MP4 that streams to the caller as ffmpeg writes it, so
 * the first byte leaves at once, and the same bytes are kept beside the version; later requests
 * get that file, with Range. Who may download is the policy's call (`mayDownload`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/client';
import type { ThrottleRule } from '../platform/accounts/throttle';
import { renditions } from '../platform/db/schema';
import { WeftError } from '../platform/errors';
import { log } from '../platform/log';
import type { Storage } from '../platform/storage';
import { parseMediaPlaylist } from '../process/media/hls';
import { concatList } from '../process/media/splice';
import { readText } from '../platform/storage';
import { isLive } from '../videos/view';
import { versionLayout } from '../videos/layout';
import type { VideoRow } from '../videos/repo';
import { parseRange } from './media-origin';

/** A title as a file name: no path or control characters, at most 120 characters. */
export function downloadName(title: string): string {
  const clean = title.replace(/[\u0000-\u001f\u007f"*/:<>?\\|]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120).trim();
  return `${clean || 'video'}.mp4`;
}

/** `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function contentDisposition(title: string): string {
  const name = downloadName(title);
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/%/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The policy: the owner and workspace admins always; a viewer when the owner allows downloads. */
export function mayDownload(video: Pick<VideoRow, 'downloads'>, manager: boolean): boolean {
  return manager || video.downloads;
}

/** What stops a loop: 30 whole downloads per 10 minutes per account, or per network address without one (Range requests of a kept file are not counted). */
export function downloadRules(userId: string | null, address: string): ThrottleRule[] {
  return [{ key: userId ? `download:user:${userId}` : `download:ip:${address}`, limit: 30, windowMs: 10 * 60_000, message: 'Too many downloads; try again in a few minutes.' }];
}

export interface DownloadDeps {
  db: Db;
  storage: Storage;
  ffmpeg: string;
}

/** In this process: the versions whose download is being made (the first request keeps it; others stream their own). */
const making = new Set<string>();

/** The download response; `manager`: the caller owns the video or administers its workspace. */
export async function downloadResponse(deps: DownloadDeps, video: VideoRow, manager: boolean, req: Request): Promise<Response> {
  if (!mayDownload(video, manager)) throw new WeftError('downloads_off', 'The owner has not allowed downloads of this video.');
  if (!video.outputVersion || isLive(video) || video.status === 'failed') throw new WeftError('video_not_ready', 'This video cannot be downloaded until it has been processed.');
  const layout = versionLayout(video.id, video.outputVersion);
  const headers: Record<string, string> = {
    'content-type': 'video/mp4',
    'content-disposition': contentDisposition(video.title),
    // the access is checked on every request: nothing along the way keeps a copy
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  };
  const kept = await deps.storage.objects.stat(layout.download);
  if (kept) {
    headers['accept-ranges'] = 'bytes';
    const range = parseRange(req.headers.get('range'), kept.size);
    if (range === 'invalid') return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${kept.size}` } });
    const head = req.method === 'HEAD';
    if (range) {
      headers['content-range'] = `bytes ${range.start}-${range.end}/${kept.size}`;
      headers['content-length'] = String(range.end - range.start + 1);
      return new Response(head ? null : (Readable.toWeb(await deps.storage.objects.read(layout.download, range)) as ReadableStream<Uint8Array>), { status: 206, headers });
    }
    headers['content-length'] = String(kept.size);
    return new Response(head ? null : (Readable.toWeb(await deps.storage.objects.read(layout.download)) as ReadableStream<Uint8Array>), { status: 200, headers });
  }
  if (req.method === 'HEAD') return new Response(null, { status: 200, headers });
  const keep = !making.has(layout.download);
  if (keep) making.add(layout.download);
  try {
    const body = await remux(deps, video, layout.download, keep ? () => making.delete(layout.download) : null, req.signal);
    return new Response(body, { status: 200, headers });
  } catch (e) {
    if (keep) making.delete(layout.download);
    throw e;
  }
}

/** ffmpeg input arguments for the version's top rung: its segments in a row (files, or URLs in a bucket). */
async function topRungInput(deps: DownloadDeps, video: VideoRow, listFile: string): Promise<string[]> {
  const rows = await deps.db.select().from(renditions).where(eq(renditions.videoId, video.id));
  const top = rows.filter((r) => r.outputVersion === video.outputVersion).sort((a, b) => b.height - a.height || b.bandwidth - a.bandwidth)[0];
  if (!top) throw new WeftError('video_not_ready', 'This video has no rendition to download yet.');
  const playlist = parseMediaPlaylist(await readText(deps.storage.objects, top.playlistKey));
  const dir = path.posix.dirname(top.playlistKey);
  const inputs = await Promise.all(playlist.segments.map(async (s) => ({ uri: await deps.storage.objects.inputOf(`${dir}/${s.uri}`, 3600), duration: s.duration })));
  await fsp.writeFile(listFile, concatList(inputs, ''));
  return ['-protocol_whitelist', 'file,http,https,tcp,tls,crypto', '-f', 'concat', '-safe', '0', '-i', listFile];
}

/**
 * Streams a fragmented MP4 of the version as ffmpeg writes it; with `done` set, the bytes are also
 * written to a scratch file that becomes the kept download when ffmpeg succeeds.
 */
async function remux(deps: DownloadDeps, video: VideoRow, key: string, done: (() => void) | null, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const scratch = await deps.storage.scratch.make(`download-${video.id}`);
  const cleanup = () => fsp.rm(scratch, { recursive: true, force: true }).catch(() => undefined);
  let input: string[];
  try {
    input = await topRungInput(deps, video, path.join(scratch, 'segments.ffconcat'));
  } catch (e) {
    await cleanup();
    throw e;
  }
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', ...input, '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-bsf:a', 'aac_adtstoasc', '-map_metadata', '-1', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', 'pipe:1'];
  const child = spawn(deps.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const file = done ? fs.createWriteStream(path.join(scratch, 'download.mp4')) : null;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const finished = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const abort = () => child.kill('SIGKILL');
  // a caller that goes away stops a remux made only for it; the one that is kept runs to its end
  if (!file) signal.addEventListener('abort', abort, { once: true });
  let cancelled = false;
  // ffmpeg says whether it can make the file before the answer's status is sent
  const started = new Promise<boolean>((resolve) => {
    child.stdout.once('data', () => resolve(true));
    void finished.then((code) => resolve(code === 0));
  });
  const body = new ReadableStream<Uint8Array>(
    {
    start(controller) {
      child.stdout.on('data', (chunk: Buffer) => {
        file?.write(chunk);
        if (cancelled) return;
        try {
          controller.enqueue(new Uint8Array(chunk));
          // a slow caller holds ffmpeg back instead of filling the memory
          if ((controller.desiredSize ?? 1) <= 0) child.stdout.pause();
        } catch {
          cancelled = true;
          child.stdout.resume();
        }
      });
      void finished.then(async (code) => {
        signal.removeEventListener('abort', abort);
        if (file) await new Promise<void>((r) => file.end(r));
        if (code === 0) {
          if (file) await deps.storage.objects.putFile(key, path.join(scratch, 'download.mp4')).catch((e: unknown) => log.warn('keeping a download failed', { videoId: video.id, error: String(e) }));
          try {
            controller.close();
          } catch {
            /* closed by the caller */
          }
        } else {
          log.warn('a download could not be made', { videoId: video.id, code, error: stderr.trim().split('\n').slice(-2).join(' | ') });
          try {
            controller.error(new Error('the download could not be made'));
          } catch {
            /* closed by the caller */
          }
        }
        done?.();
        await cleanup();
      });
    },
    pull() {
      child.stdout.resume();
    },
    cancel() {
      cancelled = true;
      child.stdout.resume();
      if (!file) abort();
    },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 4 << 20 }),
  );
  if (!(await started)) throw new WeftError('internal', 'The MP4 could not be made from this video.');
  return body;
}
