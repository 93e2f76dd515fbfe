/**
 * Understanding a transcript without any outside service: extractive summary, action items with
 * their times, sentiment (wink-nlp's lexicon), chapters and a suggested title. Deterministic: the
 * same transcript gives the same analysis.
 */
import winkNLP, { type ItemSentence, type ItemToken, type ItsHelpers, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Analysis, Chapter, TranscriptSegment } from '../../platform/db/schema';

export type { ActionItem, Analysis, Chapter } from '../../platform/db/schema';

interface Sentence {
  text: string;
  atSec: number;
  words: string[];
  sentiment: number;
  firstPos: string;
}

let nlp: { nlp: WinkMethods; its: ItsHelpers } | null = null;
function engine() {
  if (!nlp) {
    const n = winkNLP(model);
    nlp = { nlp: n, its: n.its };
  }
  return nlp;
}

/** Sentences of the transcript, each with the time of the segment it starts in. */
function sentencesOf(segments: TranscriptSegment[]): Sentence[] {
  const { nlp: n, its } = engine();
  let text = '';
  const starts: Array<{ offset: number; at: number }> = [];
  for (const s of segments) {
    starts.push({ offset: text.length, at: s.start });
    text += s.text.trim() + ' ';
  }
  const out: Sentence[] = [];
  let cursor = 0;
  n.readDoc(text)
    .sentences()
    .each((s: ItemSentence) => {
      const sentence = String(s.out()).trim();
      if (!sentence) return;
      const offset = text.indexOf(sentence, cursor);
      if (offset >= 0) cursor = offset + sentence.length;
      const pos = offset >= 0 ? offset : cursor;
      let at = starts[0]?.at ?? 0;
      for (const st of starts) if (st.offset <= pos) at = st.at;
      const tokens = s.tokens();
      const words = tokens
        .filter((t: ItemToken) => t.out(its.type) === 'word' && !t.out(its.stopWordFlag))
        .out(its.normal)
        .map((w: unknown) => String(w))
        .filter((w: string) => w.length > 2);
      const firstPos = String(tokens.out(its.pos)[0] ?? '');
      out.push({ text: sentence, atSec: at, words, sentiment: Number(s.out(its.sentiment)) || 0, firstPos });
    });
  return out;
}

function frequencies(sentences: Sentence[]): Map<string, number> {
  const f = new Map<string, number>();
  for (const s of sentences) for (const w of s.words) f.set(w, (f.get(w) ?? 0) + 1);
  return f;
}

function topWords(f: Map<string, number>, n: number): string[] {
  return [...f.entries()]
    .filter(([, c]) => c > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([w]) => w);
}

const titleCase = (words: string[]) => words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(', ');

/** Sentences that commit someone to doing something (or ask for it), not questions. */
const COMMITMENT =
  /\b(?:need(?:s)? to|have to|has to|must|should|(?:I|we|you|they|he|she)(?:'ll| will| are going to| am going to| is going to)|let's|let us|make sure|don't forget|remember to|follow up|action item|to-?do|by (?:monday|tuesday|wednesday|thursday|friday|tomorrow|tonight|next week|end of (?:the )?(?:day|week)|eod))\b/i;

export function isActionItem(s: { text: string; firstPos: string }): boolean {
  if (s.text.trim().endsWith('?')) return false;
  if (COMMITMENT.test(s.text) || /^please\b/i.test(s.text.trim())) return true;
  // an imperative: a sentence that opens with a verb ("Send the deck to Maria.")
  return s.firstPos === 'VERB' && s.text.split(/\s+/).length >= 3;
}

/** Chapter breaks where the vocabulary changes most, at least `minSec` apart; titled by their key words. */
function chaptersOf(sentences: Sentence[], durationSec: number): Chapter[] {
  if (sentences.length === 0) return [];
  const target = durationSec < 120 ? 1 : Math.min(8, Math.max(2, Math.round(durationSec / 120)));
  const minSec = Math.max(20, durationSec / (target * 2));
  const cuts: number[] = [0];
  if (target > 1) {
    const scored: Array<{ i: number; gap: number }> = [];
    for (let i = 1; i < sentences.length; i++) {
      const before = new Set(sentences.slice(Math.max(0, i - 4), i).flatMap((s) => s.words));
      const after = new Set(sentences.slice(i, i + 4).flatMap((s) => s.words));
      const shared = [...after].filter((w) => before.has(w)).length;
      const gap = 1 - shared / Math.max(1, Math.min(before.size, after.size));
      scored.push({ i, gap });
    }
    scored.sort((a, b) => b.gap - a.gap || a.i - b.i);
    for (const c of scored) {
      if (cuts.length >= target || c.gap < 0.5) break; // only where the vocabulary really changes
      const t = sentences[c.i]!.atSec;
      if (cuts.every((k) => Math.abs(sentences[k]!.atSec - t) >= minSec) && durationSec - t >= minSec / 2) cuts.push(c.i);
    }
    cuts.sort((a, b) => a - b);
  }
  const global = frequencies(sentences);
  const used = new Set<string>();
  return cuts.map((start, k) => {
    const end = cuts[k + 1] ?? sentences.length;
    const local = frequencies(sentences.slice(start, end));
    // words typical of this part: frequent here, rarer elsewhere
    for (const [w, c] of local) local.set(w, c * (c / (global.get(w) ?? c)) + (used.has(w) ? -0.5 : 0));
    const words = topWords(local, 3);
    words.forEach((w) => used.add(w));
    return { title: k === 0 && words.length === 0 ? 'Start' : titleCase(words.slice(0, 3)) || `Part ${k + 1}`, startSec: k === 0 ? 0 : sentences[start]!.atSec };
  });
}

export function analyzeTranscript(segments: TranscriptSegment[], durationSec?: number): Analysis {
  const sentences = sentencesOf(segments);
  const duration = durationSec ?? segments[segments.length - 1]?.end ?? 0;
  const f = frequencies(sentences);

  // extractive summary: sentences rich in the transcript's recurring words, in spoken order
  const scored = sentences
    .map((s, i) => {
      const score = s.words.reduce((acc, w) => acc + Math.log(1 + (f.get(w) ?? 0)), 0) / Math.sqrt(Math.max(4, s.words.length));
      return { i, s, score: score + (i === 0 ? 0.2 : 0) };
    })
    .filter((x) => x.s.words.length >= 3);
  const count = sentences.length > 12 ? 3 : sentences.length > 4 ? 2 : 1;
  const summary = [...scored]
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, count)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.s.text);

  const actionItems = sentences.filter(isActionItem).map((s) => ({ text: s.text, atSec: s.atSec }));

  const weighted = sentences.reduce((acc, s) => acc + s.sentiment * Math.max(1, s.words.length), 0);
  const weight = sentences.reduce((acc, s) => acc + Math.max(1, s.words.length), 0);
  const score = weight > 0 ? Math.round((weighted / weight) * 1000) / 1000 : 0;
  const label = score > 0.1 ? 'positive' : score < -0.1 ? 'negative' : 'neutral';

  const keywords = topWords(f, 8);
  const top = keywords.slice(0, 3);
  const suggestedTitle = top.length >= 2 ? titleCase(top).replace(/, ([^,]*)$/, ' and $1') : (summary[0]?.slice(0, 60) ?? null);

  return { summary, actionItems, sentiment: { score, label }, chapters: chaptersOf(sentences, duration), keywords, suggestedTitle, source: 'local' };
}
