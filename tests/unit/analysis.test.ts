import { describe, expect, it } from 'vitest';
import { analyzeTranscript, isActionItem } from '@/lib/process/analysis/analyze';
import type { TranscriptSegment } from '@/lib/platform/db/schema';

/** A real-sounding team update, one segment per sentence, 6 s apart. */
function talk(lines: string[], every = 6): TranscriptSegment[] {
  return lines.map((text, i) => ({ start: i * every, end: (i + 1) * every, text }));
}

const standup = talk([
  'Good morning everyone, this is the weekly update on the recorder project.',
  'The recorder now uploads while you record, so the link works right after you stop.',
  'Uploads were failing on slow networks last week, and that bug is fixed now.',
  'We need to test the recorder on Firefox before the release.',
  'Maria will send the release notes to the customers by Friday.',
  'The new player feels fast and the customers love the captions.',
  'Next, the billing page.',
  'The billing page still shows the wrong invoice totals for annual plans.',
  'Invoice totals are computed twice, which is annoying and confusing for customers.',
  'Please check the invoice export before Monday.',
  'Thanks everyone, that is all for this week.',
]);

describe('transcript analysis (real English)', () => {
  it('summarises with the sentences that carry the main topics, in spoken order', () => {
    const a = analyzeTranscript(standup);
    expect(a.summary.length).toBeGreaterThanOrEqual(2);
    expect(a.summary.length).toBeLessThanOrEqual(3);
    const idx = a.summary.map((s) => standup.findIndex((x) => x.text === s));
    expect(idx.every((i) => i >= 0)).toBe(true);
    expect([...idx].sort((x, y) => x - y)).toEqual(idx);
    expect(a.summary.join(' ')).toMatch(/recorder|invoice|billing/i);
  });

  it('finds action items with the time they were said, and not the small talk', () => {
    const a = analyzeTranscript(standup);
    const texts = a.actionItems.map((x) => x.text);
    expect(texts).toContain('We need to test the recorder on Firefox before the release.');
    expect(texts).toContain('Maria will send the release notes to the customers by Friday.');
    expect(texts).toContain('Please check the invoice export before Monday.');
    expect(texts).not.toContain('Good morning everyone, this is the weekly update on the recorder project.');
    expect(texts).not.toContain('The new player feels fast and the customers love the captions.');
    expect(a.actionItems.find((x) => x.text.startsWith('Maria'))?.atSec).toBe(24);
    expect(isActionItem({ text: 'Should we ship it on Friday?', firstPos: 'AUX' })).toBe(false);
  });

  it('reads sentiment from the words: praise is positive, complaints negative', () => {
    const happy = analyzeTranscript(talk(['I love this release, it is wonderful and fast.', 'Great work everyone, thank you so much!']));
    const sad = analyzeTranscript(talk(['This build is terrible and the crashes are awful.', 'I hate how broken and slow everything is.']));
    expect(happy.sentiment.label).toBe('positive');
    expect(sad.sentiment.label).toBe('negative');
    expect(happy.sentiment.score).toBeGreaterThan(sad.sentiment.score);
  });

  it('splits a long talk into chapters where the topic changes, titled by their words', () => {
    const long = talk(
      [
        ...Array.from({ length: 10 }, (_, i) => `The recorder upload pipeline handles chunk ${i} of the recording while the recorder keeps capturing.`),
        ...Array.from({ length: 10 }, (_, i) => `The invoice billing totals for plan ${i} need another invoice billing review.`),
      ],
      15,
    );
    const a = analyzeTranscript(long);
    expect(a.chapters.length).toBeGreaterThanOrEqual(2);
    expect(a.chapters[0]!.startSec).toBe(0);
    const second = a.chapters[1]!;
    expect(second.startSec).toBeGreaterThanOrEqual(120);
    expect(second.startSec).toBeLessThanOrEqual(180);
    expect(a.chapters[0]!.title.toLowerCase()).toMatch(/recorder|upload|chunk|pipeline/);
    expect(second.title.toLowerCase()).toMatch(/invoice|billing|totals|plan/);
  });

  it('suggests a title from the key words, and copes with an empty transcript', () => {
    const a = analyzeTranscript(standup);
    expect(a.suggestedTitle).toMatch(/recorder|invoice|customers|billing/i);
    expect(a.keywords.length).toBeGreaterThan(3);
    const empty = analyzeTranscript([]);
    expect(empty).toMatchObject({ summary: [], actionItems: [], chapters: [], suggestedTitle: null, sentiment: { label: 'neutral' } });
  });
});
