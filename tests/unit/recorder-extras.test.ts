import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyInk, drawInk, type InkStroke } from '@/lib/record/browser/ink';
import { addDraftFor, parseNotes } from '@/lib/record/browser/notes';
import { addProfile, currentProfile, DEFAULT_STORE, MAX_PROFILES, parseStore, removeProfile, selectProfile, updateCurrent } from '@/lib/record/browser/profiles';
// @ts-expect-error a build script (plain ES module)
import { withSegmentationMetadata } from '../../scripts/segmentation-model.mjs';

describe('recording profiles (the model /record and the extension share)', () => {
  it('reads only what it can trust: bad fields fall back, bad entries and duplicates go, never empty', () => {
    expect(parseStore(null)).toEqual(DEFAULT_STORE);
    expect(parseStore({ profiles: 'x' })).toEqual(DEFAULT_STORE);
    const s = parseStore({
      profiles: [
        { id: 'a', name: ' Demo ', mode: 'screen', height: 1080, background: 'blur', noiseSuppression: false, cameraId: 'cam', bubble: { size: 'huge' } },
        { id: 'a', name: 'Duplicate' },
        { id: 'bad id!', name: 'x' },
        { id: 'b', name: '' },
        { id: 'c', name: 'Odd', mode: 'everything', height: 480, background: 'fire', backgroundImage: 'javascript:alert(1)' },
      ],
      current: 'zzz',
    });
    expect(s.profiles.map((p) => p.id)).toEqual(['a', 'c']);
    expect(s.current).toBe('a');
    const a = s.profiles[0]!;
    expect(a).toMatchObject({ name: 'Demo', mode: 'screen', height: 1080, background: 'blur', noiseSuppression: false, cameraId: 'cam' });
    expect(a.bubble.size).toBe('medium');
    expect(s.profiles[1]).toMatchObject({ mode: 'screen+camera', height: 720, background: 'off', backgroundImage: null, noiseSuppression: true });
  });

  it('changes the current one, adds from it, switches, removes (never the last)', () => {
    let s = updateCurrent(DEFAULT_STORE, { height: 1080, background: 'blur' });
    s = addProfile(s, 'Camera notes', 'p1');
    expect(currentProfile(s)).toMatchObject({ id: 'p1', name: 'Camera notes', height: 1080, background: 'blur' });
    s = updateCurrent(s, { mode: 'camera', noiseSuppression: false });
    s = selectProfile(s, 'default');
    expect(currentProfile(s)).toMatchObject({ mode: 'screen+camera', noiseSuppression: true });
    expect(selectProfile(s, 'nope')).toBe(s);
    s = removeProfile(s, 'default');
    expect(s.profiles.map((p) => p.id)).toEqual(['p1']);
    expect(removeProfile(s, 'p1')).toBe(s);
    let many = DEFAULT_STORE;
    for (let i = 0; i < MAX_PROFILES + 3; i++) many = addProfile(many, `P${i}`, `p${i}`);
    expect(many.profiles).toHaveLength(MAX_PROFILES);
    expect(addProfile(DEFAULT_STORE, '   ', 'x')).toBe(DEFAULT_STORE);
  });
});

describe('speaker notes, per draft', () => {
  it('always has a draft being prepared; a recording keeps its notes and starts a new draft', () => {
    let s = parseNotes(null, 1000);
    expect(s.drafts).toHaveLength(1);
    s = { ...s, drafts: s.drafts.map((d) => ({ ...d, text: 'Say hello' })) };
    s = addDraftFor(s, 'vid1', 'Quarterly update', 2000);
    expect(s.drafts).toHaveLength(2);
    const current = s.drafts.find((d) => d.id === s.current)!;
    expect(current).toMatchObject({ text: '', videoId: null });
    expect(s.drafts.find((d) => d.videoId === 'vid1')).toMatchObject({ text: 'Say hello', title: 'Notes of “Quarterly update”' });
    // a recording made without notes leaves nothing behind
    expect(addDraftFor(s, 'vid2', 'Empty', 3000).drafts).toHaveLength(2);
    // stored garbage
    expect(parseNotes({ drafts: [{ id: '<x>' }, 5, { id: 'ok', text: 7 }], current: 'ok' }).drafts.map((d) => d.id)).toEqual(['ok']);
  });
});

describe('ink', () => {
  it('strokes take points in picture coordinates (clamped); an arrow keeps its start and its latest end', () => {
    const s: InkStroke[] = [];
    applyInk(s, { op: 'begin', id: 1, tool: 'pen', color: '#f00', x: -0.2, y: 0.5, keep: false }, 0);
    applyInk(s, { op: 'point', id: 1, x: 0.5, y: 1.4 }, 0);
    applyInk(s, { op: 'end', id: 1 }, 100);
    expect(s[0]).toMatchObject({ points: [0, 0.5, 0.5, 1], endedAt: 100 });
    applyInk(s, { op: 'begin', id: 2, tool: 'arrow', color: '#f00', x: 0.1, y: 0.1, keep: true }, 0);
    for (const x of [0.2, 0.3, 0.4]) applyInk(s, { op: 'point', id: 2, x, y: 0.1 }, 0);
    expect(s[1]!.points).toEqual([0.1, 0.1, 0.4, 0.1]);
    applyInk(s, { op: 'clear' }, 0);
    expect(s).toEqual([]);
  });

  it('paints into a box, and drops faded strokes (kept ones stay)', () => {
    const calls: string[] = [];
    const ctx = new Proxy({}, { get: (_t, k) => (typeof k === 'string' && !['globalAlpha', 'strokeStyle', 'fillStyle', 'lineWidth', 'lineCap', 'lineJoin'].includes(k) ? () => calls.push(k) : undefined), set: () => true }) as unknown as CanvasRenderingContext2D;
    const s: InkStroke[] = [
      { id: 1, tool: 'pen', color: '#f00', points: [0.25, 0.5, 0.75, 0.5], endedAt: 0, keep: false },
      { id: 2, tool: 'highlighter', color: '#ff0', points: [0.5, 0.25, 0.5, 0.3], endedAt: 0, keep: true },
    ];
    const box = drawInk(ctx, s, 1000, 500, 1000)!;
    expect(box.x).toBeLessThan(250);
    expect(box.x + box.w).toBeGreaterThan(750);
    expect(box.x % 2 + box.y % 2 + box.w % 2 + box.h % 2).toBe(0);
    expect(calls.filter((c) => c === 'stroke')).toHaveLength(2);
    drawInk(ctx, s, 1000, 500, 10_000);
    expect(s.map((x) => x.id)).toEqual([2]);
  });
});

describe('the segmentation model from @mediapipe/selfie_segmentation', () => {
  it('gets the metadata the runtime needs, and keeps every byte of the original after it', () => {
    const original = new Uint8Array(fs.readFileSync('node_modules/@mediapipe/selfie_segmentation/selfie_segmentation.tflite'));
    const out = withSegmentationMetadata(original) as Uint8Array;
    expect(Buffer.from(out.subarray(4, 8)).toString()).toBe('TFL3');
    const text = Buffer.from(out).toString('latin1');
    expect(text).toContain('TFLITE_METADATA');
    expect(text).toContain('M001');
    expect(Buffer.from(out).includes(Buffer.from(original.subarray(8)))).toBe(true);
    expect(() => withSegmentationMetadata(out)).toThrow(/already has metadata/);
  });
});
