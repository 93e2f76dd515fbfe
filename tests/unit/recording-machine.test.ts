import { describe, expect, it } from 'vitest';
import { RECORDING_STATUSES } from '@/lib/platform/db/schema';
import { RECORDING_ACTIONS, nextRecordingStatus } from '@/lib/record/session/machine';

describe('recording state machine', () => {
  it('follows start → pause → resume → stop', () => {
    expect(nextRecordingStatus('preparing', 'start')).toBe('recording');
    expect(nextRecordingStatus('recording', 'pause')).toBe('paused');
    expect(nextRecordingStatus('paused', 'resume')).toBe('recording');
    expect(nextRecordingStatus('recording', 'stop')).toBe('stopped');
    expect(nextRecordingStatus('paused', 'stop')).toBe('stopped');
  });

  it('can be cancelled until it ends', () => {
    for (const s of ['preparing', 'recording', 'paused'] as const) expect(nextRecordingStatus(s, 'cancel')).toBe('cancelled');
  });

  it('refuses everything after stop or cancel, and nonsense before', () => {
    for (const s of ['stopped', 'cancelled'] as const) {
      for (const a of RECORDING_ACTIONS) expect(nextRecordingStatus(s, a)).toBeNull();
    }
    expect(nextRecordingStatus('preparing', 'stop')).toBeNull();
    expect(nextRecordingStatus('preparing', 'pause')).toBeNull();
    expect(nextRecordingStatus('recording', 'start')).toBeNull();
    expect(nextRecordingStatus('recording', 'resume')).toBeNull();
    expect(nextRecordingStatus('paused', 'pause')).toBeNull();
    expect(RECORDING_STATUSES.length).toBe(5);
  });
});
