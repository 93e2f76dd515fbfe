/**
 * Edits proposed from the transcript, for the owner to review before applying: pauses (the gaps
 * between what was said) longer than a threshold. Pure; times are seconds of the version playing.
 */

export interface TimedText {
  start: number;
  end: number;
  text: string;
}

/** What is left of a pause on each side, so speech is never clipped. */
export const PAUSE_MARGIN_SEC = 0.25;

/** Pauses longer than `minSec` (before the first words, between segments, after the last) as ranges to cut. */
export function proposeSilenceCuts(segments: readonly TimedText[], durationSec: number, minSec: number): { start: number; end: number }[] {
  const spoken = segments.filter((s) => s.text.trim() && s.end > s.start).sort((a, b) => a.start - b.start);
  if (spoken.length === 0) return [];
  const out: { start: number; end: number }[] = [];
  let at = 0;
  const gap = (from: number, to: number, lead: number, tail: number) => {
    const a = from + lead;
    const b = to - tail;
    if (to - from >= minSec && b - a >= 0.1) out.push({ start: Math.round(a * 100) / 100, end: Math.round(b * 100) / 100 });
  };
  for (const [i, s] of spoken.entries()) {
    gap(at, s.start, i === 0 ? 0 : PAUSE_MARGIN_SEC, PAUSE_MARGIN_SEC);
    at = Math.max(at, s.end);
  }
  gap(at, durationSec, PAUSE_MARGIN_SEC, 0);
  return out;
}
