/**
 * Cuts: ranges of the original recording left out of what viewers play. They are kept in the
 * recording's own time (ms from its first frame), so an edit can always be undone, and everything
 * placed in time (comments, reactions) is stored in that time too and mapped onto the version that
 * plays. Pure functions, shared by the server and the editor in the browser.
 */

export interface Cut {
  startMs: number;
  endMs: number;
}

/** A cut that runs to the end of the recording whatever its length (the old "trim end"). */
export const TO_THE_END_MS = 24 * 3600 * 1000;
/** Less than this much left is no video. */
export const MIN_KEPT_MS = 500;
export const MAX_CUTS = 200;

/** Sorted, with overlapping and touching ranges merged and empty ones dropped. */
export function normalizeCuts(cuts: readonly Cut[]): Cut[] {
  const sorted = cuts
    .map((c) => ({ startMs: Math.max(0, Math.round(c.startMs)), endMs: Math.min(TO_THE_END_MS, Math.round(c.endMs)) }))
    .filter((c) => c.endMs > c.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const out: Cut[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c.startMs <= last.endMs) last.endMs = Math.max(last.endMs, c.endMs);
    else out.push({ ...c });
  }
  return out;
}

/** The cuts clipped to a recording of `sourceMs` (a cut past the end is gone). */
export function clipCuts(cuts: readonly Cut[], sourceMs: number): Cut[] {
  return normalizeCuts(cuts)
    .map((c) => ({ startMs: c.startMs, endMs: Math.min(c.endMs, sourceMs) }))
    .filter((c) => c.endMs > c.startMs);
}

/** The ranges that stay, in the recording's time. */
export function keptRanges(cuts: readonly Cut[], sourceMs: number): Cut[] {
  const kept: Cut[] = [];
  let at = 0;
  for (const c of clipCuts(cuts, sourceMs)) {
    if (c.startMs > at) kept.push({ startMs: at, endMs: c.startMs });
    at = Math.max(at, c.endMs);
  }
  if (sourceMs > at) kept.push({ startMs: at, endMs: sourceMs });
  return kept;
}

export function keptMs(cuts: readonly Cut[], sourceMs: number): number {
  return keptRanges(cuts, sourceMs).reduce((s, r) => s + r.endMs - r.startMs, 0);
}

/** A time in the recording → the same moment in the cut video, or null when it was cut. */
export function toVersionMs(sourceMs: number, cuts: readonly Cut[]): number | null {
  let removed = 0;
  for (const c of normalizeCuts(cuts)) {
    if (sourceMs < c.startMs) break;
    if (sourceMs < c.endMs) return null;
    removed += c.endMs - c.startMs;
  }
  return sourceMs - removed;
}

/** A stored time (seconds into the recording) → where it is in the version playing, to 0.1 s; null when that moment was cut. */
export function shownTime(cuts: readonly Cut[], storedSec: number): number | null {
  const ms = toVersionMs(Math.round(storedSec * 1000), cuts);
  return ms === null ? null : Math.round(ms / 100) / 10;
}

/** A time in the cut video → the moment of the recording it shows. */
export function toSourceMs(versionMs: number, cuts: readonly Cut[]): number {
  let t = versionMs;
  for (const c of normalizeCuts(cuts)) {
    if (c.startMs > t) break;
    t += c.endMs - c.startMs;
  }
  return t;
}

/** A range of the cut video as cuts of the recording (a range marked in the editor, which may span earlier cuts). */
export function versionRangeToCuts(startMs: number, endMs: number, applied: readonly Cut[]): Cut[] {
  const a = toSourceMs(startMs, applied);
  const b = toSourceMs(endMs, applied);
  return normalizeCuts([{ startMs: a, endMs: b }]);
}

/** The same set of ranges (after normalizing). */
export function sameCuts(a: readonly Cut[], b: readonly Cut[]): boolean {
  const x = normalizeCuts(a);
  const y = normalizeCuts(b);
  return x.length === y.length && x.every((c, i) => c.startMs === y[i]!.startMs && c.endMs === y[i]!.endMs);
}

/** Every range cut by `inner` is cut by `outer` too: a version cut by `outer` can be made from one cut by `inner`. */
export function cutsContain(outer: readonly Cut[], inner: readonly Cut[]): boolean {
  const o = normalizeCuts(outer);
  return normalizeCuts(inner).every((c) => o.some((d) => d.startMs <= c.startMs && d.endMs >= c.endMs));
}

/**
 * The old trim as cuts: everything before `startMs` and from `endMs` on. Either may be null (not
 * trimmed at that end).
 */
export function trimToCuts(startMs: number | null, endMs: number | null): Cut[] {
  const cuts: Cut[] = [];
  if (startMs !== null && startMs > 0) cuts.push({ startMs: 0, endMs: startMs });
  if (endMs !== null) cuts.push({ startMs: endMs, endMs: TO_THE_END_MS });
  return normalizeCuts(cuts);
}

/** The trim a set of cuts amounts to at the ends (what the recorder's review shows). */
export function cutsToTrim(cuts: readonly Cut[], sourceMs: number | null): { startMs: number | null; endMs: number | null } {
  const n = normalizeCuts(cuts);
  const first = n[0];
  const last = n[n.length - 1];
  const startMs = first && first.startMs === 0 ? first.endMs : null;
  const endMs = last && (last.endMs >= TO_THE_END_MS || (sourceMs !== null && last.endMs >= sourceMs)) && last.startMs > 0 ? last.startMs : null;
  return { startMs, endMs };
}
