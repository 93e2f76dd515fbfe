/**
 * The closed sets of the API contract (statuses, modes, roles), as plain constants: the database
 * schema, the zod contract and browser code (the recorder, the extension) share them without
 * pulling the database layer into a bundle.
 */
import { isUuid } from '../ids';
export const USER_ROLES = ['admin', 'member'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A member's role in a workspace: admin (members, settings, every video), member (records), viewer (watches, comments). */
export const WORKSPACE_ROLES = ['admin', 'member', 'viewer'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** A folder is open to every member of its workspace, or to its listed members only. */
export const FOLDER_ACCESS = ['open', 'members'] as const;
export type FolderAccess = (typeof FOLDER_ACCESS)[number];

/** What an API token may do: everything its user may, or only record (the browser extension). */
export const TOKEN_SCOPES = ['full', 'recording'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const PLAYBACK_EVENT_TYPES = ['stream_start', 'stream_progress', 'stream_end'] as const;
export type PlaybackEventType = (typeof PLAYBACK_EVENT_TYPES)[number];
/** Where a video was played: its watch page or an embed. */
export const PLAYBACK_SURFACES = ['page', 'embed'] as const;
export type PlaybackSurface = (typeof PLAYBACK_SURFACES)[number];

/** Who may watch: the owner (and named people), the members of its workspace, anyone with the link, anyone (listed). */
export const VISIBILITIES = ['private', 'workspace', 'link', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const VIDEO_STATUSES = ['uploading', 'processing', 'playable', 'ready', 'failed'] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

export const RECORDING_STATUSES = ['preparing', 'recording', 'paused', 'stopped', 'cancelled'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

export const RECORDING_MODES = ['screen', 'camera', 'screen+camera'] as const;
export type RecordingMode = (typeof RECORDING_MODES)[number];
/** What a session's upload is: a recording made in Weft (its mode), or a file brought in (`import`). */
export const SESSION_MODES = [...RECORDING_MODES, 'import'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

export const RECORDING_ACTIONS = ['start', 'pause', 'resume', 'stop', 'cancel'] as const;
export type RecordingAction = (typeof RECORDING_ACTIONS)[number];

export const TRANSCRIPT_STATUSES = ['pending', 'running', 'done', 'no_audio', 'no_speech', 'failed'] as const;
export type TranscriptStatus = (typeof TRANSCRIPT_STATUSES)[number];

/**
 * Branded ids: a VideoId is a string the type system will not mix up with another id (videos.id and
 * every video_id column carry it). Values read
 * from the database carry the brand; a string from outside (a URL, a payload) becomes one only
 * through `asVideoId`, which checks its form.
 */
export type VideoId = string & { readonly __brand: 'VideoId' };

export function asVideoId(s: string): VideoId | null {
  return isUuid(s) ? (s as VideoId) : null;
}

/** Who may comment on (and react to) a video. */
export const COMMENT_POLICIES = ['nobody', 'signed_in', 'anyone'] as const;
export type CommentPolicy = (typeof COMMENT_POLICIES)[number];

/** The reactions a viewer can drop at a moment of the video. */
export const REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '🤔', '👏', '🔥'] as const;
export type Reaction = (typeof REACTIONS)[number];

/** The longest comment, in characters. */
export const COMMENT_MAX_LENGTH = 5000;
