import { describe, expect, it } from 'vitest';
import { compositorProgram, compositorSource, type CompositorScope } from '@/lib/record/browser/compositor-program';
import { RECORDER_TRANSITIONS } from '@/lib/record/browser/core';

describe('the compositor worker program', () => {
  it('is self-contained source that parses, and answers commands through the scope it is given', () => {
    // the Blob source a worker runs: valid JavaScript on its own
    expect(() => new Function('self', compositorSource())).not.toThrow();
    const posted: unknown[] = [];
    const scope: CompositorScope = { onmessage: null, postMessage: (m) => posted.push(m) };
    compositorProgram(scope);
    expect(typeof scope.onmessage).toBe('function');
    scope.onmessage!(new MessageEvent('message', { data: { type: 'bubble', layout: { fraction: 0.2, margin: 0.02, left: true, top: false, shape: 'circle' } } }));
    scope.onmessage!(new MessageEvent('message', { data: { type: 'stop' } }));
    expect(posted).toEqual([]);
  });
});

describe('the recorder core', () => {
  it('every phase can reach setup again, and nothing leaves "finishing" but done or error', () => {
    expect(RECORDER_TRANSITIONS.finishing).toEqual(['done', 'error']);
    for (const [from, to] of Object.entries(RECORDER_TRANSITIONS)) {
      if (from === 'finishing') continue;
      const reach = new Set<string>(to);
      for (const t of to) for (const u of RECORDER_TRANSITIONS[t as keyof typeof RECORDER_TRANSITIONS]) reach.add(u);
      expect(reach.has('setup') || from === 'setup', from).toBe(true);
    }
  });
});
