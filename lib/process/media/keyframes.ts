import { runProcess } from './process';

/** The longest keyframe gap a copied rendition may have: segments up to twice the target length. */
export const MAX_KEYFRAME_GAP_SECONDS = 4.5;

export interface CopyCandidate {
  codec: string;
  width: number;
  height: number;
  pixFmt?: string | null;
}

/**
 * Pure, the copy-or-encode rule: whether a video stream's format may go into HLS segments as is —
 * H.264 in 4:2:0, at most 1080p on the short side. The live ingest decides with this alone (the
 * keyframes are not there yet) and checks the segments it made; a complete file is also checked
 * for its keyframes (`canCopyVideo`).
 */
export function canCopyStream(src: CopyCandidate): boolean {
  if (src.codec !== 'h264') return false;
  if (src.pixFmt && !/^yuvj?420p$/.test(src.pixFmt)) return false;
  return Math.min(src.width, src.height) <= 1080;
}

/**
 * Pure: whether a complete source's video can be copied: `canCopyStream`, starting with a keyframe
 * and never more than 4.5 s between keyframes.
 */
export function canCopyVideo(src: CopyCandidate, keyframeTimes: number[], durationSec: number | null): boolean {
  if (!canCopyStream(src)) return false;
  if (keyframeTimes.length === 0) return false;
  const times = [...keyframeTimes].sort((a, b) => a - b);
  let prev = times[0] ?? 0;
  for (const t of times.slice(1)) {
    if (t - prev > MAX_KEYFRAME_GAP_SECONDS) return false;
    prev = t;
  }
  if (durationSec !== null && durationSec - prev > MAX_KEYFRAME_GAP_SECONDS + 0.5) return false;
  return true;
}

/** Presentation times (s) of the video keyframes, from packet flags (no decoding). */
export async function readKeyframeTimes(ffprobe: string, input: string, signal?: AbortSignal): Promise<number[]> {
  const res = await runProcess(
    ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', input],
    { signal },
  );
  if (res.code !== 0) return [];
  const times: number[] = [];
  for (const line of res.stdout.split('\n')) {
    const [pts, flags] = line.split(',');
    if (!flags?.startsWith('K')) continue;
    const t = Number(pts);
    if (Number.isFinite(t)) times.push(t);
  }
  return times;
}
