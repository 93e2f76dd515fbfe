/**
 * The closed sets of the API contract (statuses, modes, roles), as plain constants: the database
 * schema, the zod contract and browser code (the recorder, the extension) share them without
 * pulling the database layer into a bundle.
 */
export const USER_ROLES = ['admin', 'member'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const VISIBILITIES = ['private', 'link', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const VIDEO_STATUSES = ['uploading', 'processing', 'playable', 'ready', 'failed'] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

export const RECORDING_STATUSES = ['preparing', 'recording', 'paused', 'stopped', 'cancelled'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

export const RECORDING_MODES = ['screen', 'camera', 'screen+camera'] as const;
export type RecordingMode = (typeof RECORDING_MODES)[number];

export const RECORDING_ACTIONS = ['start', 'pause', 'resume', 'stop', 'cancel'] as const;
export type RecordingAction = (typeof RECORDING_ACTIONS)[number];

export const TRANSCRIPT_STATUSES = ['pending', 'running', 'done', 'no_audio', 'no_speech', 'failed'] as const;
export type TranscriptStatus = (typeof TRANSCRIPT_STATUSES)[number];
