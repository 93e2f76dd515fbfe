import { describe, expect, it } from 'vitest';
import { cutsContain, cutsToTrim, keptRanges, normalizeCuts, toSourceMs, toVersionMs, TO_THE_END_MS, trimToCuts, versionRangeToCuts } from '@/lib/shared/cuts';
import { cutsOfPatch } from '@/lib/library/sharing';
import { mover, moveSegments } from '@/lib/process/edit/shift';
import { planSplice, splicePlaylist } from '@/lib/process/media/splice';
import { videoPatchBody } from '@/lib/shared/api/contract';
import { proposeFillerCuts, proposeSilenceCuts, timeAtChar, wordsOf } from '@/lib/shared/edit-suggestions';

describe('cuts', () => {
  it('merges overlapping and touching ranges, sorts them and drops empty ones', () => {
    expect(normalizeCuts([{ startMs: 5000, endMs: 6000 }, { startMs: 1000, endMs: 2000 }, { startMs: 1500, endMs: 3000 }, { startMs: 3000, endMs: 3500 }, { startMs: 7000, endMs: 7000 }])).toEqual([
      { startMs: 1000, endMs: 3500 },
      { startMs: 5000, endMs: 6000 },
    ]);
  });

  it('maps times both ways; a moment inside a cut has no place in the cut video', () => {
    const cuts = [{ startMs: 0, endMs: 1000 }, { startMs: 4000, endMs: 6000 }];
    expect(toVersionMs(500, cuts)).toBeNull();
    expect(toVersionMs(1000, cuts)).toBe(0);
    expect(toVersionMs(3999, cuts)).toBe(2999);
    expect(toVersionMs(4000, cuts)).toBeNull();
    expect(toVersionMs(6000, cuts)).toBe(3000);
    expect(toSourceMs(0, cuts)).toBe(1000);
    expect(toSourceMs(3000, cuts)).toBe(6000);
    for (const t of [0, 1234, 2999, 3000, 5000]) expect(toVersionMs(toSourceMs(t, cuts), cuts)).toBe(t);
    // a range marked in the cut video that spans an earlier cut covers it
    expect(versionRangeToCuts(2500, 3500, cuts)).toEqual([{ startMs: 3500, endMs: 6500 }]);
  });

  it('keeps what the cuts leave, at the ends too', () => {
    expect(keptRanges([{ startMs: 0, endMs: 1000 }, { startMs: 9000, endMs: TO_THE_END_MS }], 10_000)).toEqual([{ startMs: 1000, endMs: 9000 }]);
    expect(keptRanges([], 10_000)).toEqual([{ startMs: 0, endMs: 10_000 }]);
    expect(keptRanges([{ startMs: 0, endMs: 10_000 }], 10_000)).toEqual([]);
  });

  it('the old trim is the cuts at the two ends', () => {
    expect(trimToCuts(1000, 3000)).toEqual([{ startMs: 0, endMs: 1000 }, { startMs: 3000, endMs: TO_THE_END_MS }]);
    expect(cutsToTrim(trimToCuts(1000, 3000), null)).toEqual({ startMs: 1000, endMs: 3000 });
    expect(cutsToTrim([{ startMs: 2000, endMs: 3000 }], 10_000)).toEqual({ startMs: null, endMs: null });
    expect(cutsToTrim([{ startMs: 8000, endMs: 10_000 }], 10_000)).toEqual({ startMs: null, endMs: 8000 });
    expect(cutsContain([{ startMs: 0, endMs: 5000 }], [{ startMs: 1000, endMs: 2000 }])).toBe(true);
    expect(cutsContain([{ startMs: 1000, endMs: 2000 }], [{ startMs: 0, endMs: 5000 }])).toBe(false);
  });

  it('refuses cuts that leave nothing, and bad ranges', () => {
    const v = { cuts: [], sourceDurationMs: 10_000 };
    expect(() => cutsOfPatch(v, { cuts: [{ startMs: 0, endMs: 10_000 }] })).toThrow(/less than 0.5 s/);
    expect(() => cutsOfPatch(v, { cuts: [{ startMs: 0, endMs: 4000 }, { startMs: 3000, endMs: 9900 }] })).toThrow(/less than/);
    expect(() => cutsOfPatch({ cuts: [], sourceDurationMs: null }, { trimStartMs: 0, trimEndMs: 1 })).toThrow(/nothing/);
    expect(cutsOfPatch({ cuts: [], sourceDurationMs: null }, { trimStartMs: 1000, trimEndMs: 3000 })).toEqual(trimToCuts(1000, 3000));
    expect(cutsOfPatch(v, { title: 'x' })).toBeNull();
    expect(videoPatchBody.safeParse({ cuts: [{ startMs: 2000, endMs: 1000 }] }).success).toBe(false);
    expect(videoPatchBody.safeParse({ cuts: [{ startMs: -1, endMs: 1000 }] }).success).toBe(false);
    expect(videoPatchBody.safeParse({ cuts: [], trimStartMs: 5 }).success).toBe(false);
    // trim changes keep the cuts in between
    expect(cutsOfPatch({ cuts: [{ startMs: 4000, endMs: 5000 }], sourceDurationMs: 10_000 }, { trimStartMs: 1000 })).toEqual([
      { startMs: 0, endMs: 1000 },
      { startMs: 4000, endMs: 5000 },
    ]);
  });

  it('moves transcript segments onto a version cut further', () => {
    const move = mover([{ startMs: 0, endMs: 1000 }], [{ startMs: 0, endMs: 1000 }, { startMs: 3000, endMs: 5000 }]);
    expect(move(1)).toBe(1); // 2 s of the recording
    expect(move(2.5)).toBe(2); // inside the new cut: on the splice
    expect(move(5)).toBe(3);
    expect(moveSegments([{ start: 0, end: 1, text: 'a' }, { start: 2.2, end: 3.8, text: 'cut' }, { start: 4.5, end: 5, text: 'b' }], move)).toEqual([
      { start: 0, end: 1, text: 'a' },
      { start: 2.5, end: 3, text: 'b' },
    ]);
  });

  it('plans a splice: whole segments copied, edges encoded, a discontinuity at each splice', () => {
    const segs = [0, 1, 2, 3, 4].map((i) => ({ uri: `seg_000${i}.ts`, duration: 2 }));
    const plan = planSplice(segs, [{ startSec: 0, endSec: 3 }, { startSec: 6, endSec: 10 }]);
    expect(plan.map((p) => [p.kind, p.segment, p.discontinuity, +p.duration.toFixed(2)])).toEqual([
      ['copy', 0, false, 2],
      ['encode', 1, true, 1],
      ['copy', 3, true, 2],
      ['copy', 4, false, 2],
    ]);
    const text = splicePlaylist(plan);
    expect(text.match(/#EXT-X-DISCONTINUITY/g)).toHaveLength(2);
    expect(text).toContain('#EXT-X-ENDLIST');
  });
});

describe('edit by transcript', () => {
  const segments = [
    { start: 1, end: 3, text: 'So um today we ship' },
    { start: 5.5, end: 7, text: 'Äh, the release' },
  ];

  it('times words by their share of the segment and snaps a selection to whole words', () => {
    const w = wordsOf(segments[0]!);
    expect(w.map((x) => x.text)).toEqual(['So', 'um', 'today', 'we', 'ship']);
    expect(w[0]!.start).toBe(1);
    expect(w[4]!.end).toBeCloseTo(3, 5);
    // "um" is characters 3–5 of 19
    expect(w[1]!.start).toBeCloseTo(1 + (3 / 19) * 2, 5);
    expect(timeAtChar(segments[0]!, 4, 'start')).toBeCloseTo(w[1]!.start, 5);
    expect(timeAtChar(segments[0]!, 4, 'end')).toBeCloseTo(w[1]!.end, 5);
  });

  it('proposes filler words per language, and pauses longer than the threshold with a margin', () => {
    expect(proposeFillerCuts(segments, 'en').map((f) => f.word)).toEqual(['um']);
    expect(proposeFillerCuts(segments, 'de').map((f) => f.word)).toEqual(['äh']);
    const pauses = proposeSilenceCuts(segments, 10, 1);
    // before the first words (from 0), between the segments (3 → 5.5), after the last (7 → 10)
    expect(pauses).toEqual([
      { start: 0, end: 0.75 },
      { start: 3.25, end: 5.25 },
      { start: 7.25, end: 10 },
    ]);
    expect(proposeSilenceCuts(segments, 7.5, 3)).toEqual([]);
  });
});
