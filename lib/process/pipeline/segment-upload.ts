import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Storage } from '../../platform/storage';
import { log } from '../../platform/log';
import { pollLoop } from './poll-loop';

/** A segment as our HLS muxer names them (`seg_0000.ts`…; nothing else is uploaded early). */
const SEGMENT = /^seg_\d+\.(ts|m4s)$/;
const segmentNumber = (name: string) => Number(/\d+/.exec(name)?.[0] ?? 0);

export interface SegmentFollower {
  /** Stops following; resolves with the files (relative to the folder) already in storage. */
  finish(): Promise<ReadonlySet<string>>;
}

/**
 * On object storage, the segments ffmpeg writes into `localDir/<rung>/` go up to `prefix/<rung>/`
 * while it writes the next ones: a segment is complete once the next one exists. So at the
 * end only the last segments and the playlists are left to upload (`publishDir(…, uploaded)`), and
 * publishing a long recording takes as long as a short one. On disk (publishing is a rename) it
 * does nothing.
 */
export function followSegments(storage: Storage, localDir: string, prefix: string, intervalMs = 500): SegmentFollower {
  const copy = storage.objects.copyFile?.bind(storage.objects);
  const uploaded = new Set<string>();
  if (!copy) return { finish: async () => uploaded };
  const pass = async (stopping: () => boolean): Promise<void> => {
    const rungs = await fsp.readdir(localDir, { withFileTypes: true }).catch(() => []);
    for (const d of rungs) {
      if (!d.isDirectory()) continue;
      // ffmpeg opens a rung's next segment once it has closed the previous one (and writes a VOD
      // playlist only at the end): every segment but the newest is complete
      const names = (await fsp.readdir(path.join(localDir, d.name)).catch(() => [] as string[])).filter((n) => SEGMENT.test(n)).sort((a, b) => segmentNumber(a) - segmentNumber(b));
      for (const name of names.slice(0, -1)) {
        const rel = `${d.name}/${name}`;
        if (uploaded.has(rel)) continue;
        await copy(`${prefix}/${rel}`, path.join(localDir, rel));
        uploaded.add(rel);
        if (stopping()) return;
      }
    }
  };
  const loop = pollLoop(pass, {
    intervalMs,
    // the folder is published whole at the end anyway: stop trying early
    onError: (e) => log.warn('uploading segments early failed', { prefix, error: e instanceof Error ? e.message : String(e) }),
  });
  return {
    async finish() {
      await loop.stop();
      return uploaded;
    },
  };
}

/** The files of `uploaded` inside the rung folder `rung`, relative to it. */
export function uploadedIn(uploaded: ReadonlySet<string>, rung: string): ReadonlySet<string> {
  const head = `${rung}/`;
  return new Set([...uploaded].filter((f) => f.startsWith(head)).map((f) => f.slice(head.length)));
}

/** Runs `encode` while its segments go up; resolves with its result and what went up early. */
export async function encodeFollowed<T>(storage: Storage, localDir: string, prefix: string, encode: () => Promise<T>): Promise<{ result: T; uploaded: ReadonlySet<string> }> {
  const follower = followSegments(storage, localDir, prefix);
  let result: T;
  try {
    result = await encode();
  } catch (e) {
    await follower.finish();
    throw e;
  }
  return { result, uploaded: await follower.finish() };
}
