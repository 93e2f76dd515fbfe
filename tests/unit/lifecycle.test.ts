import { describe, expect, it } from 'vitest';
import { VIDEO_STATUSES } from '@/lib/platform/db/schema';
import { PermanentJobError } from '@/lib/platform/errors';
import { JOB_PAYLOADS, parsePayload } from '@/lib/platform/queue/payloads';
import { canTransitionVideo, sourcesOf, VIDEO_TRANSITIONS } from '@/lib/videos/lifecycle';
import { EVENT_CONSUMERS } from '@/lib/platform/events/outbox';

describe('the video transition table', () => {
  it('covers every status and names only known statuses', () => {
    expect(Object.keys(VIDEO_TRANSITIONS).sort()).toEqual([...VIDEO_STATUSES].sort());
    for (const to of Object.values(VIDEO_TRANSITIONS)) for (const s of Object.keys(to)) expect(VIDEO_STATUSES).toContain(s);
  });

  it.each([
    ['uploading', 'processing', 'uploads', true],
    ['uploading', 'processing', 'pipeline', false],
    ['uploading', 'playable', 'pipeline', true],
    ['uploading', 'failed', 'housekeeping', true],
    ['processing', 'playable', 'pipeline', true],
    ['playable', 'ready', 'pipeline', true],
    ['playable', 'failed', 'pipeline', false],
    ['ready', 'ready', 'pipeline', true],
    ['ready', 'failed', 'pipeline', false],
    ['ready', 'uploading', 'uploads', false],
    ['failed', 'ready', 'pipeline', true],
    ['failed', 'processing', 'uploads', true],
    ['failed', 'failed', 'housekeeping', false],
  ] as const)('%s → %s by %s: %s', (from, to, by, ok) => {
    expect(canTransitionVideo(from, to, by)).toBe(ok);
  });

  it('nobody moves a video back to uploading', () => {
    for (const by of ['uploads', 'pipeline', 'housekeeping'] as const) expect(sourcesOf('uploading', by)).toEqual([]);
  });
});

describe('job payloads', () => {
  it('every event consumer is a registered job kind', () => {
    for (const kinds of Object.values(EVENT_CONSUMERS)) for (const k of kinds) expect(Object.keys(JOB_PAYLOADS)).toContain(k);
  });

  it('a payload is parsed and typed; extra event fields are dropped; a bad one fails for good with the reason', () => {
    const id = '0b7d3f2e-6c1a-4f7e-9a51-2d0c9e6b1a11';
    expect(parsePayload('process-video', { videoId: id, uploadId: 'u1', eventId: 'e', storageKey: 'k' })).toEqual({ videoId: id, uploadId: 'u1' });
    const err = (() => {
      try {
        parsePayload('process-video', { videoId: 'nope' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PermanentJobError);
    expect((err as PermanentJobError).message).toMatch(/process-video.*videoId/);
  });
});
