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

export interface TimedWord {
  text: string;
  start: number;
  end: number;
  /** Where the word is in its segment's text. */
  from: number;
  to: number;
}

/**
 * The words of a segment with their times. The transcript has times per segment (a few seconds):
 * a word's share of it is its share of the segment's characters (a space counting as one), so a
 * time is off by a fraction of a word at most when the pace is even.
 */
export function wordsOf(segment: TimedText): TimedWord[] {
  const words: TimedWord[] = [];
  for (const m of segment.text.matchAll(/\S+/g)) words.push({ text: m[0], start: 0, end: 0, from: m.index, to: m.index + m[0].length });
  const total = segment.text.trim().length || 1;
  const lead = segment.text.length - segment.text.trimStart().length;
  const span = segment.end - segment.start;
  for (const w of words) {
    w.start = segment.start + ((w.from - lead) / total) * span;
    w.end = segment.start + ((w.to - lead) / total) * span;
  }
  return words;
}

/** The time at a character of a segment, snapped to the start (`side` start) or end of its word. */
export function timeAtChar(segment: TimedText, char: number, side: 'start' | 'end'): number {
  const words = wordsOf(segment);
  if (words.length === 0) return side === 'start' ? segment.start : segment.end;
  const hit = words.find((w) => char >= w.from && char <= w.to) ?? (side === 'start' ? words.find((w) => w.from >= char) : [...words].reverse().find((w) => w.to <= char));
  if (!hit) return side === 'start' ? segment.end : segment.start;
  return side === 'start' ? hit.start : hit.end;
}

/** Hesitation sounds per language (ISO 639-1): never words that also carry meaning. */
export const FILLER_WORDS: Record<string, readonly string[]> = {
  en: ['um', 'umm', 'uh', 'uhh', 'uhm', 'erm', 'er', 'ah', 'hmm', 'mm', 'mhm'],
  de: ['äh', 'ähm', 'öh', 'öhm', 'hm', 'hmm', 'mh'],
  fr: ['euh', 'heu', 'hum', 'bah'],
  es: ['eh', 'em', 'emm', 'mmm', 'ehh'],
  it: ['ehm', 'eh', 'mmm', 'uhm'],
  pt: ['hum', 'éh', 'ahn', 'hmm'],
  nl: ['eh', 'ehm', 'uh', 'uhm', 'hmm'],
};

/** Filler words (for `language`, else English) as ranges to cut, each one word. */
export function proposeFillerCuts(segments: readonly TimedText[], language: string | null): { start: number; end: number; word: string }[] {
  const list = new Set(FILLER_WORDS[(language ?? 'en').slice(0, 2)] ?? FILLER_WORDS.en);
  const out: { start: number; end: number; word: string }[] = [];
  for (const s of segments) {
    for (const w of wordsOf(s)) {
      const bare = w.text.toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
      if (bare && list.has(bare)) out.push({ start: Math.round(w.start * 100) / 100, end: Math.round(w.end * 100) / 100, word: bare });
    }
  }
  return out;
}
