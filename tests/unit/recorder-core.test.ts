import { afterEach, describe, expect, it } from 'vitest';
import { compositorProgram, compositorSource, type CompositorScope } from '@/lib/record/browser/compositor-program';
import { applyInk, drawInk } from '@/lib/record/browser/ink';
import { RECORDER_TRANSITIONS, RecorderCore, type RecordingSettings } from '@/lib/record/browser/core';
import type { RecorderServer } from '@/lib/record/browser/live-recording';
import { createClient } from '@/lib/shared/client';

describe('the compositor worker program', () => {
  it('is self-contained source: it parses on its own, as the Blob a worker runs (what it draws: e2e/compositor.spec.ts)', () => {
    expect(() => new Function('self', compositorSource())).not.toThrow();
    const scope: CompositorScope = { onmessage: null, postMessage: () => undefined };
    compositorProgram(scope, { applyInk, drawInk });
    expect(typeof scope.onmessage).toBe('function');
  });
});

describe('the recorder core', () => {
  const settings: RecordingSettings = { mode: 'screen', height: 720, cameraId: null, micId: null, bubble: { position: 'bottom-right', size: 'medium', shape: 'circle' }, maxSeconds: 0 };
  // a server nothing may reach: a recording that cannot start must not create a session
  const calls: string[] = [];
  const server: RecorderServer = { client: createClient({ baseUrl: 'http://127.0.0.1:9', fetch: async (u) => (calls.push(String(u)), new Response('{}', { status: 500 })) }) };
  const phasesOf = (core: RecorderCore) => {
    const seen: string[] = [];
    core.subscribe((s) => {
      if (seen[seen.length - 1] !== s.phase) seen.push(s.phase);
    });
    return seen;
  };
  afterEach(() => {
    delete (globalThis as { MediaRecorder?: unknown }).MediaRecorder;
  });

  it('a browser that cannot record says so, and asks the server nothing', async () => {
    const core = new RecorderCore({ server, countdownSeconds: 0 });
    const seen = phasesOf(core);
    await core.begin(settings, null);
    expect(seen).toEqual(['setup', 'error']);
    expect(core.getState().error).toMatch(/cannot record video/);
    expect(calls).toEqual([]);
  });

  it('a refused screen goes back through setup to the error, with its reason; the next attempt may start again', async () => {
    // the one browser capability the core asks before anything else
    (globalThis as { MediaRecorder?: unknown }).MediaRecorder = { isTypeSupported: (t: string) => t.startsWith('video/webm') };
    const core = new RecorderCore({ server, countdownSeconds: 0 });
    const seen = phasesOf(core);
    const refuse = async (): Promise<MediaStream> => {
      throw new Error('Permission denied by the person');
    };
    await core.begin(settings, null, { openScreen: refuse });
    expect(seen).toEqual(['setup', 'countdown', 'setup', 'error']);
    expect(core.getState()).toMatchObject({ phase: 'error', error: 'Permission denied by the person', share: null, notes: ['No microphone: recording without your voice.'] });
    // from an error, a new attempt begins (a stale error is cleared first)
    await core.begin(settings, null, { openScreen: refuse });
    expect(seen).toEqual(['setup', 'countdown', 'setup', 'error', 'countdown', 'setup', 'error']);
    // while finishing nothing but done or error may follow: the table the core enforces
    expect(RECORDER_TRANSITIONS.finishing).toEqual(['done', 'error']);
    expect(calls).toEqual([]);
  });
});
