import type { RecordingStatus } from '../../platform/db/schema';

export { RECORDING_MODES, type RecordingMode } from '../../platform/db/schema';

export { RECORDING_ACTIONS, type RecordingAction } from '../../shared/api/enums';
import type { RecordingAction } from '../../shared/api/enums';

const TRANSITIONS: Record<RecordingStatus, Partial<Record<RecordingAction, RecordingStatus>>> = {
  preparing: { start: 'recording', cancel: 'cancelled' },
  recording: { pause: 'paused', stop: 'stopped', cancel: 'cancelled' },
  paused: { resume: 'recording', stop: 'stopped', cancel: 'cancelled' },
  stopped: {},
  cancelled: {},
};

/** The recording state machine: the next status, or null when the action is not allowed. */
export function nextRecordingStatus(status: RecordingStatus, action: RecordingAction): RecordingStatus | null {
  return TRANSITIONS[status][action] ?? null;
}

export function allowedActions(status: RecordingStatus): RecordingAction[] {
  return Object.keys(TRANSITIONS[status]) as RecordingAction[];
}
