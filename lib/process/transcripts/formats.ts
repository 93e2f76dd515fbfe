/** Transcript formats: pure functions over segments (WebVTT captions, SRT, plain text). */
import type { TranscriptSegment } from '../../platform/db/schema';

function stamp(sec: number, sep: '.' | ','): string {
  const ms = Math.max(0, Math.round(sec * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(h)}:${p(m)}:${p(s)}${sep}${p(ms % 1000, 3)}`;
}

/** Cue text may not contain "-->" or blank lines; <, > and & are escaped. */
function cueText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/-->/g, '→')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** Segments in time order, empty ones dropped, each ending after it starts and within `maxEnd`. */
export function normalizeSegments(segments: TranscriptSegment[], maxEnd = Infinity): TranscriptSegment[] {
  return segments
    .map((s) => ({ ...s, text: s.text.replace(/\s+/g, ' ').trim() }))
    .filter((s) => s.text.length > 0 && Number.isFinite(s.start) && Number.isFinite(s.end) && s.start < maxEnd - 0.05)
    .sort((a, b) => a.start - b.start)
    .map((s) => ({ ...s, end: Math.min(maxEnd, Math.max(s.end, s.start + 0.1)) }));
}

export function toWebVtt(segments: TranscriptSegment[]): string {
  const out = ['WEBVTT', ''];
  normalizeSegments(segments).forEach((s, i) => {
    out.push(String(i + 1), `${stamp(s.start, '.')} --> ${stamp(s.end, '.')}`, cueText(s.text), '');
  });
  return out.join('\n');
}

export function toSrt(segments: TranscriptSegment[]): string {
  return normalizeSegments(segments)
    .map((s, i) => `${i + 1}\n${stamp(s.start, ',')} --> ${stamp(s.end, ',')}\n${s.text.replace(/-->/g, '→')}\n`)
    .join('\n');
}

export function toPlainText(segments: TranscriptSegment[]): string {
  return normalizeSegments(segments)
    .map((s) => s.text)
    .join('\n') + '\n';
}
