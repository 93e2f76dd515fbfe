import { z } from 'zod';
import { ROUTES, type RouteId } from './routes';
import { FOLDER_ACCESS, WORKSPACE_ROLES, COMMENT_MAX_LENGTH, COMMENT_POLICIES, REACTIONS, RECORDING_ACTIONS, RECORDING_MODES, RECORDING_STATUSES, PLAYBACK_EVENT_TYPES, TOKEN_SCOPES, TRANSCRIPT_STATUSES, USER_ROLES, VIDEO_STATUSES, VISIBILITIES } from './enums';
import { MAX_CUTS, TO_THE_END_MS } from '../cuts';

export const cutSchema = z
  .object({
    startMs: z.number().int().min(0).max(TO_THE_END_MS),
    endMs: z.number().int().min(1).max(TO_THE_END_MS),
  })
  .strict()
  .refine((c) => c.endMs > c.startMs, { message: 'endMs must be after startMs', path: ['endMs'] })
  .meta({ id: 'Cut' });


/**
 * The HTTP API v1 as data: every operation's method, path, request schemas and response schema.
 * Route handlers validate with these schemas, the OpenAPI document (`/api/v1/openapi.json`) is
 * generated from them, and the typed client (`lib/shared/client`) takes its types from them. Browser-safe:
 * zod and constants only.
 */

// ---------- shared shapes ----------

export const errorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string() }).catchall(z.unknown()) })
  .meta({ id: 'Error', description: 'Every error: a snake_case code and a sentence for people.' });

const iso = z.string().meta({ format: 'date-time' });
const uuid = z.string().uuid();

export const userView = z.object({ id: uuid, email: z.string(), name: z.string(), role: z.enum(USER_ROLES) }).meta({ id: 'User' });

export const videoView = z
  .object({
    id: uuid,
    title: z.string(),
    status: z.enum(VIDEO_STATUSES),
    durationMs: z.number().nullable(),
    trim: z.object({ startMs: z.number().nullable(), endMs: z.number().nullable() }),
    /** The ranges left out, in the recording's time (what the owner asked for). */
    cuts: z.array(cutSchema),
    /** The ranges the playing version leaves out (differs from `cuts` while an edit is being made). */
    appliedCuts: z.array(cutSchema),
    /** Length of the recording before cuts, once processed. */
    sourceDurationMs: z.number().nullable(),
    /** The version playing (opaque): it changes when an edit is applied, and the stream's URLs with it. */
    version: z.string().nullable(),
    /** Viewers may download it (the owner and workspace admins always may). */
    downloads: z.boolean(),
    /** The caller may download it now (`GET /api/v1/videos/{id}/download`). */
    canDownload: z.boolean(),
    language: z.string().nullable(),
    width: z.number().nullable(),
    height: z.number().nullable(),
    posterUrl: z.string().nullable(),
    previewUrl: z.string().nullable(),
    shareUrl: z.string(),
    visibility: z.enum(VISIBILITIES),
    workspaceId: uuid,
    folderId: uuid.nullable(),
    passwordProtected: z.boolean(),
    canManage: z.boolean(),
    comments: z.enum(COMMENT_POLICIES),
    processing: z.object({ stage: z.string().nullable(), progress: z.number().nullable() }),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    /** To the owner: what went wrong in processing a video that still plays (e.g. only one quality made). */
    problem: z.object({ code: z.string(), message: z.string() }).optional(),
    createdAt: iso,
    playableAt: iso.nullable(),
    readyAt: iso.nullable(),
    /** Being recorded and watchable already: the stream API answers with a growing playlist (status `live`). */
    live: z.boolean(),
  })
  .meta({ id: 'Video' });

export const streamInfo = z
  .object({
    videoId: uuid,
    master: z.string(),
    renditions: z.array(z.object({ name: z.string(), width: z.number(), height: z.number(), bandwidth: z.number(), url: z.string() })),
    captions: z.array(z.object({ lang: z.string(), label: z.string(), url: z.string() })),
    poster: z.string().nullable(),
    storyboard: z.object({ track: z.string(), sprite: z.string() }).nullable(),
    /** `live`: still being recorded, the playlist grows until Stop; `playable`: the first rendition; `ready`: complete. */
    status: z.enum(['live', 'playable', 'ready']),
    expiresAt: iso.nullable(),
    /** The CDN the URLs are on (`origin`: this server). */
    cdn: z.string().optional(),
    /** The master playlist on the other bases, the order to fall back in (the origin last). */
    fallbacks: z.array(z.string()).optional(),
    /** Send playback events with this token; the first batch has number `nextSeq`. */
    playback: z.object({ id: uuid, token: z.string(), nextSeq: z.number().int() }).optional(),
  })
  .meta({ id: 'Stream' });

export const insightsView = z
  .object({
    views: z.number().int(),
    starts: z.number().int(),
    uniqueViewers: z.number().int(),
    watchTimeSec: z.number(),
    avgWatchSec: z.number(),
    avgCompletion: z.number(),
    retention: z.array(z.object({ t: z.number(), viewers: z.number().int() })),
    dropOffs: z.array(z.object({ t: z.number(), lost: z.number().int() })),
    renditions: z.array(z.object({ name: z.string(), share: z.number() })),
    rebufferRatio: z.number(),
    referrers: z.array(z.object({ host: z.string(), views: z.number().int() })),
    surfaces: z.object({ page: z.number().int(), embed: z.number().int() }),
    viewsOverTime: z.array(z.object({ day: z.string(), views: z.number().int() })),
    seenBy: z.array(z.object({ name: z.string(), email: z.string().optional().meta({ description: 'Administrators only.' }), watchedSec: z.number(), completion: z.number(), lastAt: iso })),
  })
  .meta({ id: 'Insights' });

const segment = z.object({ start: z.number(), end: z.number(), text: z.string(), edited: z.boolean().optional() });
const analysis = z.object({
  summary: z.array(z.string()),
  actionItems: z.array(z.object({ text: z.string(), atSec: z.number() })),
  sentiment: z.object({ score: z.number(), label: z.enum(['positive', 'neutral', 'negative']) }),
  chapters: z.array(z.object({ title: z.string(), startSec: z.number() })),
  keywords: z.array(z.string()),
  suggestedTitle: z.string().nullable(),
  source: z.enum(['local', 'llm']),
});

export const transcriptView = z
  .object({
    status: z.enum([...TRANSCRIPT_STATUSES, 'none']),
    language: z.string().nullable(),
    model: z.string().nullable(),
    progress: z.number().nullable(),
    segments: z.array(segment),
    error: z.string().nullable(),
    analysis: analysis.nullable(),
  })
  .meta({ id: 'Transcript' });

const createdShareLink = z.object({ id: uuid, token: z.string(), url: z.string(), expiresAt: iso });
const listedShareLink = z.object({
  id: uuid,
  expiresAt: iso,
  revokedAt: iso.nullable(),
  createdAt: iso,
  active: z.boolean(),
  url: z.string().nullable().meta({ description: 'The link to hand out, while it is active (null once revoked or expired).' }),
});
const jobKindCounts = z.object({
  kind: z.string(),
  queued: z.number().int(),
  running: z.number().int(),
  failed: z.number().int(),
  done: z.number().int(),
  cancelled: z.number().int().meta({ description: 'Stopped because their video was deleted (an undo runs them again).' }),
  delayed: z.number().int().meta({ description: 'Of the queued, those waiting for a later time (a retry backoff, a delayed purge).' }),
  nextDueAt: iso.nullable().meta({ description: 'When the next delayed job is due.' }),
});
const failedJob = z.object({ id: uuid, kind: z.string(), videoId: uuid.nullable(), videoTitle: z.string().nullable(), attempts: z.number().int().meta({ description: 'Runs so far, an operator’s retries included.' }), lastError: z.string().nullable(), finishedAt: iso.nullable() });
export const jobsView = z.object({
  kinds: z.array(jobKindCounts),
  failed: z.array(failedJob).meta({ description: 'The latest jobs that failed for good, newest first.' }),
  deadLetters: z.number().int().meta({ description: "Jobs in pg-boss's dead-letter queue (failed for good, kept for the retention period)." }),
});
export type JobsView = z.infer<typeof jobsView>;
const apiToken = z.object({ id: uuid, name: z.string(), prefix: z.string(), scope: z.enum(TOKEN_SCOPES), createdAt: iso, lastUsedAt: iso.nullable().optional(), revokedAt: iso.nullable().optional() });
const webhook = z.object({ id: uuid, url: z.string(), secret: z.string(), events: z.array(z.string()), createdAt: iso.optional() });
const notification = z.object({ id: uuid, videoId: uuid, kind: z.string(), message: z.string(), read: z.boolean(), createdAt: iso });

// ---------- request bodies (the routes validate with these) ----------

export const credentialsBody = z.object({
  email: z.string().trim().toLowerCase().email('must be an email address').max(254),
  password: z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters'),
});
export const signupBody = credentialsBody.extend({ name: z.string().trim().min(1, 'must not be empty').max(100) });
export const newRecordingBody = z.object({
  workspaceId: z.string().uuid().optional().meta({ description: 'The workspace to record into (default: your current one). Viewers of a workspace cannot record into it.' }),
  folderId: z.string().uuid().nullable().optional().meta({ description: 'A folder of that workspace to file the video in.' }),
  title: z.string().max(200).optional(),
  autoTitle: z
    .boolean()
    .optional()
    .meta({ description: 'The title is a stand-in (the recorder sends the date and time in your locale, or the recorded tab’s title): the transcript’s suggested title replaces it. Default: true without a title, else false.' }),
  mode: z.enum(RECORDING_MODES).optional(),
  mimeType: z.string().max(100).optional(),
});
const email = z.string().trim().toLowerCase().email('must be an email address').max(254);
const password = credentialsBody.shape.password;
const name = z.string().trim().min(1, 'must not be empty').max(100);
export const workspaceBody = z.object({ name });
export const workspacePatchBody = z
  .object({
    name: name.optional(),
    defaultVisibility: z.enum(VISIBILITIES).optional().meta({ description: 'The visibility new videos of the workspace start with.' }),
    defaultComments: z.enum(COMMENT_POLICIES).optional().meta({ description: 'Who may comment on new videos of the workspace.' }),
    joinDomains: z
      .array(z.string().trim().toLowerCase().regex(/^@?[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a domain such as example.com'))
      .max(20)
      .optional()
      .meta({ description: 'Anyone with a verified address at these domains may join as a member.' }),
  })
  .strict();
export const inviteBody = z.object({ email, role: z.enum(WORKSPACE_ROLES).default('member') });
export const memberPatchBody = z.object({ role: z.enum(WORKSPACE_ROLES) });
export const acceptInviteBody = z.object({ name: name.optional(), password: password.optional() }).refine((b) => (b.name === undefined) === (b.password === undefined), {
  message: 'give both name and password (a new account), or neither (the signed-in account)',
  path: ['password'],
});
export const folderBody = z.object({
  name,
  access: z.enum(FOLDER_ACCESS).default('open'),
  members: z.array(z.string().uuid()).max(500).optional().meta({ description: 'For `members`: who besides you may see it (members of the workspace).' }),
});
export const folderPatchBody = z
  .object({ name: name.optional(), access: z.enum(FOLDER_ACCESS).optional(), members: z.array(z.string().uuid()).max(500).optional() })
  .strict();
export const moveVideoBody = z.object({ folderId: z.string().uuid().nullable() });
export const personBody = z.object({ email });
export const resetRequestBody = z.object({ email });
export const resetConfirmBody = z.object({ token: z.string().min(1).max(200), password });
export const changePasswordBody = z.object({ currentPassword: z.string().max(256).default(''), password });
export const accountPatchBody = z.object({ disabled: z.boolean() });
export const controlBody = z.object({ action: z.enum(RECORDING_ACTIONS) });
export const extensionGrantBody = z.object({
  state: z.string().regex(/^[\w-]{16,128}$/, 'is not a connect state'),
  browser: z.string().trim().max(60).default('a browser'),
});
export const extensionRedeemBody = z.object({
  code: z.string().min(16).max(200),
  state: z.string().regex(/^[\w-]{16,128}$/, 'is not a connect state'),
});
export const newTokenBody = z.object({
  name: z.string().trim().min(1).max(100).default('API token'),
  /** `recording`: only start, control and upload recordings, and list your videos (the browser extension's). */
  scope: z.enum(TOKEN_SCOPES).default('full'),
});
/** Seconds of the video, as a player reports them. */
const seconds = z.number().finite().min(0).max(86_400);
export const playbackEvent = z
  .object({
    type: z.enum(PLAYBACK_EVENT_TYPES),
    /** Where the playhead is, seconds. */
    position: seconds.default(0),
    /** Seconds watched since the last beat, [from, to] each, at most 200 ranges. */
    ranges: z
      .array(z.tuple([seconds, seconds]).refine(([a, b]) => b >= a && b - a <= 3600, 'a range must go forward and span at most an hour'))
      .max(200)
      .default([]),
    rendition: z.string().trim().max(32).regex(/^[\w.-]*$/).optional(),
    bitrate: z.number().int().min(0).max(1_000_000_000).optional(),
    stalls: z.number().int().min(0).max(10_000).default(0),
    stallMs: z.number().int().min(0).max(3_600_000).default(0),
    rate: z.number().finite().min(0.0625).max(16).default(1),
  })
  .strict();
export const playbackBatchBody = z
  .object({
    /** The playback token from the stream answer (`playback.token`). */
    playback: z.string().min(20).max(1024),
    /** 1, 2, 3…: a batch whose number is not above the last one taken is a replay (409). */
    seq: z.number().int().min(1).max(1_000_000),
    /** The player's random first-party id (none under Do-Not-Track / Global Privacy Control). */
    viewer: z.string().regex(/^[\w-]{16,64}$/).optional(),
    /** The page the player is on (an embed's host page), for referrers. */
    referrer: z.string().max(2048).optional(),
    events: z.array(playbackEvent).min(1).max(50),
  })
  .strict();

/** A file to bring in (POST /api/v1/imports). */
export const newImportBody = z
  .object({
    filename: z.string().trim().min(1, 'must not be empty').max(255),
    /** Bytes; the tus upload must have exactly this length. */
    size: z.number().int().min(1, 'the file is empty').max(Number.MAX_SAFE_INTEGER),
    /** Default: the file name without its extension. */
    title: z.string().trim().min(1).max(200).optional(),
    /** The file's MIME type as the browser reports it (informative; ffmpeg decides what it is). */
    filetype: z.string().max(100).optional(),
    workspaceId: uuid.optional(),
    folderId: uuid.nullable().optional(),
  })
  .strict();

/** Captions in another language (POST /api/v1/videos/{id}/captions). */
export const captionRequestBody = z.object({ lang: z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as "de" or "fr"') }).strict();
const captionTrackView = z
  .object({ lang: z.string(), status: z.enum(['pending', 'running', 'done', 'failed']), source: z.enum(['llm', 'whisper']).nullable(), error: z.string().nullable(), url: z.string() })
  .meta({ id: 'CaptionTrack' });

export const videoPatchBody = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(200).optional(),
    visibility: z.enum(VISIBILITIES).optional(),
    /** A new password, or null to remove it. */
    password: z.string().min(4, 'must be at least 4 characters').max(256).nullable().optional(),
    /** Trim points in ms; null removes one. They are the cuts at the two ends (kept for the recorder's review). */
    trimStartMs: z.number().int().min(0).nullable().optional(),
    trimEndMs: z.number().int().min(1).nullable().optional(),
    /**
     * Ranges of the recording to leave out (ms into the recording as uploaded; the whole set, [] undoes
     * every cut). Overlapping and touching ranges are merged. Changing them makes a new version; the
     * current one plays until it is complete.
     */
    cuts: z.array(cutSchema).max(MAX_CUTS, `at most ${MAX_CUTS} cuts`).optional(),
    /** Viewers may download an MP4 (the owner and workspace admins always may). */
    downloads: z.boolean().optional(),
    /** Who may comment and react: nobody, signed-in viewers, anyone. */
    comments: z.enum(COMMENT_POLICIES).optional(),
    /** Spoken language (ISO 639-1, e.g. "en"), or null to let Whisper detect it. Changing it transcribes again. */
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/, 'must be a language code such as "en" or "de"')
      .nullable()
      .optional(),
  })
  .strict()
  .refine((p) => p.trimStartMs == null || p.trimEndMs == null || p.trimEndMs > p.trimStartMs, {
    message: 'trimEndMs must be after trimStartMs',
    path: ['trimEndMs'],
  })
  .refine((p) => p.cuts === undefined || (p.trimStartMs === undefined && p.trimEndMs === undefined), {
    message: 'send cuts or trimStartMs/trimEndMs, not both',
    path: ['cuts'],
  });
export const shareLinkBody = z.object({ expiresInSeconds: z.number().int().min(1).max(365 * 24 * 3600) });
export const segmentBody = z.object({ text: z.string().min(1).max(2000) });
export const unlockBody = z.object({ password: z.string().min(1).max(256), token: z.string().max(200).optional() });
export const webhookBody = z.object({ url: z.string().min(1).max(2000) });
export const commentBody = z.object({
  text: z.string().min(1).max(COMMENT_MAX_LENGTH + 100),
  atSec: z.number().min(0).max(7 * 24 * 3600),
  parentId: z.string().uuid().nullable().optional(),
  /** An anonymous commenter's name (where anyone may comment). */
  name: z.string().max(200).optional(),
});
export const commentEditBody = z.object({ text: z.string().min(1).max(COMMENT_MAX_LENGTH + 100) });
export const reactionBody = z.object({ emoji: z.enum(REACTIONS), atSec: z.number().min(0).max(7 * 24 * 3600) });

export const commentView = z
  .object({
    id: uuid,
    text: z.string(),
    atSec: z.number(),
    parentId: uuid.nullable(),
    author: z.object({ name: z.string(), signedIn: z.boolean() }),
    createdAt: iso,
    editedAt: iso.nullable(),
    canEdit: z.boolean(),
    canDelete: z.boolean(),
  })
  .meta({ id: 'Comment' });
const reactionCount = z.object({ emoji: z.enum(REACTIONS), atSec: z.number(), count: z.number() });

// ---------- operations ----------

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Operation {
  method: HttpMethod;
  /** OpenAPI path, e.g. `/api/v1/videos/{id}`. */
  path: string;
  summary: string;
  /** Who may call it: `user` (session or token), `viewer` (anyone the video's access rules let in), `public`. */
  auth: 'user' | 'viewer' | 'public';
  body?: z.ZodType;
  query?: z.ZodObject;
  /** The success answer's status and JSON body (absent: no body, or not JSON). */
  status: number;
  response?: z.ZodType;
  /** Not JSON: server-sent events, files, the tus protocol. */
  contentType?: string;
  /** Other statuses this operation answers with an error body. */
  errors?: number[];
}

const op = <K extends RouteId, O extends Omit<Operation, 'method' | 'path'>>(id: K, o: O) =>
  ({ ...o, method: ROUTES[id][0], path: ROUTES[id][1] }) as O & { method: (typeof ROUTES)[K][0]; path: (typeof ROUTES)[K][1] };
const tokenQuery = z.object({ token: z.string().optional().meta({ description: 'A share link token.' }) });
export const commentPageQuery = tokenQuery.extend({
  cursor: z.string().max(200).optional().meta({ description: 'The `nextCursor` of the previous page.' }),
  limit: z.coerce.number().int().min(1).max(200).optional().meta({ description: 'Comments per page (default 100, at most 200).' }),
});

const workspaceSummary = z.object({ id: uuid, name: z.string(), role: z.enum(WORKSPACE_ROLES) }).meta({ id: 'WorkspaceSummary' });
const workspaceView = workspaceSummary
  .extend({ defaultVisibility: z.enum(VISIBILITIES), defaultComments: z.enum(COMMENT_POLICIES), joinDomains: z.array(z.string()) })
  .meta({ id: 'Workspace' });
const memberView = z
  .object({ userId: uuid, name: z.string(), email: z.string(), role: z.enum(WORKSPACE_ROLES), disabled: z.boolean(), joinedAt: iso })
  .meta({ id: 'Member' });
const inviteView = z
  .object({ id: uuid, email: z.string(), role: z.enum(WORKSPACE_ROLES), state: z.enum(['pending', 'accepted', 'revoked', 'expired']), url: z.string().nullable(), expiresAt: iso, createdAt: iso })
  .meta({ id: 'Invite' });
const folderView = z
  .object({ id: uuid, name: z.string(), access: z.enum(FOLDER_ACCESS), members: z.array(uuid), canEdit: z.boolean() })
  .meta({ id: 'Folder' });
const personView = z.object({ id: uuid, email: z.string(), name: z.string().nullable(), joined: z.boolean(), createdAt: iso }).meta({ id: 'Person' });
const accountView = z
  .object({ id: uuid, email: z.string(), name: z.string(), role: z.enum(USER_ROLES), disabled: z.boolean(), ssoOnly: z.boolean(), createdAt: iso })
  .meta({ id: 'Account' });
export const listVideosQuery = z.object({
  scope: z.enum(['mine', 'shared', 'workspace', 'folder']).optional().meta({ description: '`mine` (default): yours in the workspace; `shared`: shared with you by name; `workspace`: all you can find in it; `folder`: one folder.' }),
  workspaceId: z.string().uuid().optional().meta({ description: 'Default: your current workspace.' }),
  folderId: z.string().uuid().optional(),
  q: z.string().max(200).optional().meta({ description: 'Words of the title or the transcript.' }),
});

export const API = {
  signup: op('signup', { summary: 'Create an account (the first is the admin); sets the session cookie.', auth: 'public', body: signupBody, status: 201, response: z.object({ user: userView }), errors: [400, 403, 409, 429] }),
  login: op('login', { summary: 'Log in; sets the session cookie.', auth: 'public', body: credentialsBody, status: 200, response: z.object({ user: userView }), errors: [400, 401, 429] }),
  logout: op('logout', { summary: 'End this session (clears the cookie).', auth: 'public', status: 204 }),
  me: op('me', { summary: 'Who is calling.', auth: 'user', status: 200, response: z.object({ user: userView }), errors: [401] }),
  health: op('health', { summary: 'Liveness and readiness.', auth: 'public', status: 200, response: z.object({ ok: z.boolean(), database: z.string() }) }),
  openapi: op('openapi', { summary: 'This document.', auth: 'public', status: 200, response: z.record(z.string(), z.unknown()) }),
  createExtensionGrant: op('createExtensionGrant', {
    summary: 'The signed-in person lets their browser extension record: a one-time code (5 minutes) bound to the extension’s state; no token is made yet.',
    auth: 'user',
    body: extensionGrantBody,
    status: 201,
    response: z.object({ code: z.string(), expiresAt: iso }),
    errors: [400, 401, 403],
  }),
  redeemExtensionGrant: op('redeemExtensionGrant', {
    summary: 'The extension trades its one-time code (with its state) for a token scoped to recording.',
    auth: 'public',
    body: extensionRedeemBody,
    status: 200,
    response: z.object({ token: z.string(), user: z.object({ name: z.string(), email: z.string() }) }),
    errors: [400, 403, 429],
  }),
  createToken: op('createToken', { summary: 'Create an API token (the secret is only in this answer).', auth: 'user', body: newTokenBody, status: 201, response: apiToken.extend({ token: z.string() }), errors: [400, 401] }),
  listTokens: op('listTokens', { summary: 'Your API tokens.', auth: 'user', status: 200, response: z.object({ tokens: z.array(apiToken) }), errors: [401] }),
  revokeToken: op('revokeToken', { summary: 'Revoke an API token.', auth: 'user', status: 204, errors: [401, 404] }),
  createRecording: op('createRecording', {
    summary: 'Start a recording session (and its video).',
    auth: 'user',
    body: newRecordingBody,
    status: 201,
    response: z.object({ sessionId: uuid, videoId: uuid, status: z.enum(RECORDING_STATUSES), uploadUrl: z.string(), shareUrl: z.string() }),
    errors: [400, 401],
  }),
  createImport: op('createImport', {
    summary: 'Bring in a video file made elsewhere: creates the video; upload the file with tus to `uploadUrl` with `uploadMetadata` as its Upload-Metadata (resumable). It is processed like a recording.',
    auth: 'user',
    body: newImportBody,
    status: 201,
    response: z.object({ videoId: uuid, uploadUrl: z.string(), uploadMetadata: z.record(z.string(), z.string()), shareUrl: z.string() }),
    errors: [400, 401, 403, 413, 429],
  }),
  downloadVideo: op('downloadVideo', {
    summary: 'The current version as MP4 (no re-encoding; made on the first request and kept, then served with Range): the owner and workspace admins always, viewers when the owner allows downloads (`downloads: true`).',
    auth: 'viewer',
    query: tokenQuery,
    status: 200,
    contentType: 'video/mp4',
    errors: [403, 404, 409, 429],
  }),
  listCaptions: op('listCaptions', {
    summary: 'Caption tracks in other languages: the finished ones (managers also see pending and failed ones, with the reason).',
    auth: 'viewer',
    query: tokenQuery,
    status: 200,
    response: z.object({ captions: z.array(captionTrackView) }),
    errors: [403, 404],
  }),
  requestCaptions: op('requestCaptions', {
    summary: 'Captions in another language (owner or admin): the transcript translated by the language model (WEFT_LLM_URL), or into English by Whisper. 30 an hour per account.',
    auth: 'user',
    body: captionRequestBody,
    status: 202,
    response: captionTrackView,
    errors: [400, 401, 404, 409, 429],
  }),
  deleteCaptions: op('deleteCaptions', { summary: 'Remove the captions in one language (owner or admin).', auth: 'user', status: 204, errors: [401, 404] }),
  controlRecording: op('controlRecording', {
    summary: 'start, pause, resume, stop (emits recording_completed) or cancel a session.',
    auth: 'user',
    body: controlBody,
    status: 200,
    response: z.object({ sessionId: uuid, status: z.enum(RECORDING_STATUSES) }),
    errors: [400, 401, 404, 409],
  }),
  listVideos: op('listVideos', { summary: 'Videos of a workspace, newest first: yours, shared with you, all you can find, or one folder’s; optionally matching words.', auth: 'user', query: listVideosQuery, status: 200, response: z.object({ videos: z.array(videoView) }), errors: [401] }),
  getVideo: op('getVideo', { summary: 'A video you may watch.', auth: 'viewer', query: tokenQuery, status: 200, response: videoView, errors: [403, 404] }),
  updateVideo: op('updateVideo', { summary: 'Change title, visibility, password, cuts (or the trim at the ends), downloads or language (owner or admin). New cuts make a new version; the current one plays until it is complete.', auth: 'user', body: videoPatchBody, status: 200, response: videoView, errors: [400, 401, 404] }),
  deleteVideo: op('deleteVideo', {
    summary: 'Delete a video: hidden at once; its files and rows go after the undo window (WEFT_DELETE_UNDO_SECONDS, default 10 minutes).',
    auth: 'user',
    status: 204,
    errors: [401, 404, 429],
  }),
  restoreVideo: op('restoreVideo', {
    summary: 'Undo a delete while its removal has not begun (owner or admin); 410 once it has.',
    auth: 'user',
    status: 200,
    response: videoView,
    errors: [401, 404, 410, 429],
  }),
  videoEvents: op('videoEvents', { summary: 'Server-sent events: `video` now and at every change.', auth: 'viewer', query: tokenQuery, status: 200, contentType: 'text/event-stream', errors: [403, 404] }),
  libraryEvents: op('libraryEvents', {
    summary: 'Server-sent events for several of your videos.',
    auth: 'user',
    query: z.object({ ids: z.string().meta({ description: 'Comma-separated video ids.' }) }),
    status: 200,
    contentType: 'text/event-stream',
    errors: [401],
  }),
  createShareLink: op('createShareLink', { summary: 'An expiring share link.', auth: 'user', body: shareLinkBody, status: 201, response: createdShareLink, errors: [400, 401, 404] }),
  listShareLinks: op('listShareLinks', { summary: 'The video’s share links.', auth: 'user', status: 200, response: z.object({ shareLinks: z.array(listedShareLink) }), errors: [401, 404] }),
  revokeShareLink: op('revokeShareLink', { summary: 'Revoke a share link (by token or id).', auth: 'user', status: 204, errors: [401, 404] }),
  unlock: op('unlock', { summary: 'Unlock a password-protected video for this browser session.', auth: 'public', body: unlockBody, status: 200, response: z.object({ unlocked: z.boolean() }), errors: [400, 403, 404, 429] }),
  stream: op('stream', { summary: 'Access check, then signed HLS URLs.', auth: 'viewer', query: tokenQuery, status: 200, response: streamInfo, errors: [401, 403, 404, 409] }),
  transcript: op('transcript', {
    summary: 'The transcript as JSON, or ?format=vtt|srt|txt.',
    auth: 'viewer',
    query: tokenQuery.extend({ format: z.enum(['json', 'vtt', 'srt', 'txt']).optional(), lang: z.string().optional().meta({ description: 'Captions in another language (see listCaptions) instead of the transcript.' }) }),
    status: 200,
    response: transcriptView,
    errors: [400, 403, 404],
  }),
  editSegment: op('editSegment', { summary: 'Correct one segment (owner).', auth: 'user', body: segmentBody, status: 200, response: transcriptView, errors: [400, 401, 404, 409] }),
  search: op('search', {
    summary: 'The videos you can find (yours, your workspaces’, shared with you, public ones) matching the words; or inside one shelf of the library.',
    auth: 'user',
    query: listVideosQuery.extend({ q: z.string(), limit: z.coerce.number().int().min(1).max(50).optional() }),
    status: 200,
    response: z.object({
      results: z.array(
        z.object({ videoId: uuid, title: z.string(), rank: z.number(), atSec: z.number().nullable(), snippet: z.array(z.object({ text: z.string(), hit: z.boolean() })) }),
      ),
    }),
    errors: [400],
  }),
  notifications: op('notifications', { summary: 'Your notifications.', auth: 'user', status: 200, response: z.object({ unread: z.number(), items: z.array(notification) }), errors: [401] }),
  readNotifications: op('readNotifications', { summary: 'Mark all read; answers the inbox.', auth: 'user', status: 200, response: z.object({ unread: z.number(), items: z.array(notification) }), errors: [401] }),
  notificationEvents: op('notificationEvents', { summary: 'Server-sent events: `inbox` at every change.', auth: 'user', status: 200, contentType: 'text/event-stream', errors: [401] }),
  createWebhook: op('createWebhook', { summary: 'A webhook endpoint for video.processed (public addresses only).', auth: 'user', body: webhookBody, status: 201, response: webhook, errors: [400, 401] }),
  listWebhooks: op('listWebhooks', { summary: 'Your webhook endpoints.', auth: 'user', status: 200, response: z.object({ webhooks: z.array(webhook) }), errors: [401] }),
  deleteWebhook: op('deleteWebhook', { summary: 'Remove a webhook endpoint.', auth: 'user', status: 204, errors: [401, 404] }),
  webhookDeliveries: op('webhookDeliveries', {
    summary: 'The endpoint’s delivery log.',
    auth: 'user',
    status: 200,
    response: z.object({ deliveries: z.array(z.record(z.string(), z.unknown())) }),
    errors: [401, 404],
  }),
  oembed: op('oembed', {
    summary: 'oEmbed for a watch or embed URL of this Weft (type video, an iframe within maxwidth/maxheight).',
    auth: 'public',
    query: z.object({
      url: z.string(),
      maxwidth: z.string().optional(),
      maxheight: z.string().optional(),
      format: z.enum(['json', 'xml']).optional().meta({ description: 'Only json is offered; xml answers 501.' }),
    }),
    status: 200,
    response: z
      .object({
        type: z.literal('video'),
        version: z.literal('1.0'),
        title: z.string(),
        author_name: z.string().optional(),
        provider_name: z.string(),
        provider_url: z.string(),
        html: z.string(),
        width: z.number(),
        height: z.number(),
        thumbnail_url: z.string().optional(),
        thumbnail_width: z.number().optional(),
        thumbnail_height: z.number().optional(),
        duration: z.number().optional(),
      })
      .meta({ id: 'OEmbed' }),
    errors: [400, 401, 404, 501],
  }),
  listComments: op('listComments', {
    summary: 'The comments, oldest first, a page at a time: pass `nextCursor` back as `cursor` until it is null.',
    auth: 'viewer',
    query: commentPageQuery,
    status: 200,
    response: z.object({ comments: z.array(commentView), nextCursor: z.string().nullable() }),
    errors: [400, 403, 404],
  }),
  createComment: op('createComment', {
    summary: 'A comment pinned to a moment (atSec), optionally answering another (parentId); anonymous commenters give a name where anyone may comment.',
    auth: 'viewer',
    query: tokenQuery,
    body: commentBody,
    status: 201,
    response: commentView,
    errors: [400, 401, 403, 404, 429],
  }),
  editComment: op('editComment', { summary: 'Edit your comment.', auth: 'user', query: tokenQuery, body: commentEditBody, status: 200, response: commentView, errors: [400, 401, 403, 404] }),
  deleteComment: op('deleteComment', { summary: 'Delete your comment (the owner may delete any); its replies go with it.', auth: 'viewer', query: tokenQuery, status: 204, errors: [403, 404] }),
  listReactions: op('listReactions', { summary: 'Reactions by emoji and second.', auth: 'viewer', query: tokenQuery, status: 200, response: z.object({ reactions: z.array(reactionCount) }), errors: [403, 404] }),
  addReaction: op('addReaction', { summary: 'An emoji at a moment.', auth: 'viewer', query: tokenQuery, body: reactionBody, status: 201, response: reactionCount, errors: [400, 401, 403, 404, 429] }),
  playbackEvents: op('playbackEvents', {
    summary: 'A batch of playback events from a player (stream_start, stream_progress, stream_end).',
    auth: 'viewer',
    query: tokenQuery,
    body: playbackBatchBody,
    status: 202,
    response: z.object({ accepted: z.number().int() }),
    errors: [400, 403, 404, 409, 413, 429],
  }),
  insights: op('insights', { summary: 'Views, viewers, watch time, retention and more (owner or admin).', auth: 'user', status: 200, response: insightsView, errors: [401, 403, 404] }),
  listJobs: op('listJobs', { summary: 'The job queue (administrators): jobs per kind and state, and the latest that failed for good.', auth: 'user', status: 200, response: jobsView, errors: [401, 403] }),
  retryJob: op('retryJob', { summary: 'Run a job that failed for good again, with a full set of attempts (administrators).', auth: 'user', status: 202, response: z.object({ id: uuid, status: z.literal('queued') }), errors: [401, 403, 404, 409] }),
  listWorkspaces: op('listWorkspaces', {
    summary: 'Your workspaces with your role in each (and the current one, where new recordings go).',
    auth: 'user',
    status: 200,
    response: z.object({ workspaces: z.array(workspaceSummary), currentId: uuid.nullable(), joinable: z.array(z.object({ id: uuid, name: z.string() })) }),
    errors: [401],
  }),
  createWorkspace: op('createWorkspace', { summary: 'A new workspace, you its admin (WEFT_WORKSPACE_CREATION).', auth: 'user', body: workspaceBody, status: 201, response: workspaceSummary, errors: [400, 401, 403, 429] }),
  getWorkspace: op('getWorkspace', { summary: 'A workspace you are a member of (its domains only to admins).', auth: 'user', status: 200, response: workspaceView, errors: [401, 404] }),
  updateWorkspace: op('updateWorkspace', { summary: 'Name, defaults for new videos, domains (workspace admins).', auth: 'user', body: workspacePatchBody, status: 200, response: workspaceView, errors: [400, 401, 403, 404] }),
  switchWorkspace: op('switchWorkspace', { summary: 'Make it your current workspace.', auth: 'user', status: 204, errors: [401, 404] }),
  joinWorkspace: op('joinWorkspace', { summary: 'Join by its domain rule (a verified address at one of its domains).', auth: 'user', status: 200, response: workspaceSummary, errors: [401, 403, 404] }),
  listMembers: op('listMembers', { summary: 'The members and their roles (any member).', auth: 'user', status: 200, response: z.object({ members: z.array(memberView) }), errors: [401, 404] }),
  updateMember: op('updateMember', { summary: 'Change a member’s role (workspace admins; a workspace keeps one admin).', auth: 'user', body: memberPatchBody, status: 200, response: z.object({ userId: uuid, role: z.enum(WORKSPACE_ROLES) }), errors: [400, 401, 403, 404, 409] }),
  removeMember: op('removeMember', { summary: 'Remove a member (admins), or leave (yourself); their videos stay with the workspace.', auth: 'user', status: 204, errors: [401, 403, 404, 409] }),
  createInvite: op('createInvite', {
    summary: 'Invite an address with a role (workspace admins); e-mailed when SMTP is set. Single use, 7 days.',
    auth: 'user',
    body: inviteBody,
    status: 201,
    response: z.object({ id: uuid, url: z.string(), expiresAt: iso, emailed: z.boolean() }),
    errors: [400, 401, 403, 404, 409, 429],
  }),
  listInvites: op('listInvites', { summary: 'The workspace’s invites (admins); pending ones with their link.', auth: 'user', status: 200, response: z.object({ invites: z.array(inviteView) }), errors: [401, 403, 404] }),
  revokeInvite: op('revokeInvite', { summary: 'Withdraw an open invite (admins).', auth: 'user', status: 204, errors: [401, 403, 404] }),
  getInvite: op('getInvite', {
    summary: 'What an invite link is for. 404 unknown; 410 used, revoked or expired.',
    auth: 'public',
    status: 200,
    response: z.object({ workspace: z.object({ id: uuid, name: z.string() }), email: z.string(), role: z.enum(WORKSPACE_ROLES), video: z.object({ id: uuid, title: z.string() }).nullable() }),
    errors: [404, 410, 429],
  }),
  acceptInvite: op('acceptInvite', {
    summary: 'Accept: as the signed-in account (with the invited address), or with {name, password} making an account for it (even when sign-up is closed). Sets the session cookie.',
    auth: 'public',
    body: acceptInviteBody,
    status: 200,
    response: z.object({ user: userView, workspaceId: uuid, videoId: uuid.nullable() }),
    errors: [400, 401, 403, 404, 409, 410, 429],
  }),
  listFolders: op('listFolders', { summary: 'The workspace’s folders you can see.', auth: 'user', status: 200, response: z.object({ folders: z.array(folderView) }), errors: [401, 404] }),
  createFolder: op('createFolder', { summary: 'A folder open to all members, or to listed members only (admins and members).', auth: 'user', body: folderBody, status: 201, response: folderView, errors: [400, 401, 403, 404, 429] }),
  updateFolder: op('updateFolder', { summary: 'Rename, change access or members (its maker or workspace admins).', auth: 'user', body: folderPatchBody, status: 200, response: folderView, errors: [400, 401, 403, 404] }),
  deleteFolder: op('deleteFolder', { summary: 'Delete a folder; its videos stay in the workspace.', auth: 'user', status: 204, errors: [401, 403, 404] }),
  moveVideo: op('moveVideo', { summary: 'File a video in a folder of its workspace, or in none (null).', auth: 'user', body: moveVideoBody, status: 200, response: z.object({ folderId: uuid.nullable() }), errors: [400, 401, 404] }),
  listPeople: op('listPeople', { summary: 'The people the video is shared with by name (its managers).', auth: 'user', status: 200, response: z.object({ people: z.array(personView) }), errors: [401, 404] }),
  addPerson: op('addPerson', {
    summary: 'Share with a person by address, whatever the visibility: an account watches at once; anyone else is invited by e-mail (the link is in this answer too).',
    auth: 'user',
    body: personBody,
    status: 201,
    response: personView.extend({ inviteUrl: z.string().nullable(), emailed: z.boolean() }),
    errors: [400, 401, 404, 429],
  }),
  removePerson: op('removePerson', { summary: 'Stop sharing with a person; the media URLs they had stop.', auth: 'user', status: 204, errors: [401, 404] }),
  requestPasswordReset: op('requestPasswordReset', {
    summary: 'E-mails a single-use reset link valid for an hour. 202 whether or not the address has an account.',
    auth: 'public',
    body: resetRequestBody,
    status: 202,
    response: z.object({ accepted: z.literal(true) }),
    errors: [400, 403, 429, 503],
  }),
  confirmPasswordReset: op('confirmPasswordReset', {
    summary: 'Set a new password with a reset link: every other session of the account ends; this browser is signed in.',
    auth: 'public',
    body: resetConfirmBody,
    status: 200,
    response: z.object({ user: userView }),
    errors: [400, 403],
  }),
  changePassword: op('changePassword', { summary: 'Change your password (the current one required); your other sessions end.', auth: 'user', body: changePasswordBody, status: 204, errors: [400, 401, 403, 429] }),
  oidcStart: op('oidcStart', {
    summary: 'Start single sign-on: a redirect to the OpenID Provider (authorization code with PKCE, state and nonce).',
    auth: 'public',
    query: z.object({ next: z.string().optional() }),
    status: 302,
    contentType: 'text/html',
    errors: [404],
  }),
  oidcCallback: op('oidcCallback', { summary: 'Where the provider returns (register this as the redirect URI); signs in and redirects.', auth: 'public', status: 302, contentType: 'text/html', errors: [400, 403] }),
  listAccounts: op('listAccounts', { summary: 'Every account (instance administrators).', auth: 'user', status: 200, response: z.object({ users: z.array(accountView) }), errors: [401, 403] }),
  updateAccount: op('updateAccount', {
    summary: 'Disable an account (its sessions and tokens stop at once, log-in is refused) or enable it again (instance administrators).',
    auth: 'user',
    body: accountPatchBody,
    status: 200,
    response: accountView.omit({ createdAt: true, ssoOnly: true }),
    errors: [400, 401, 403, 404],
  }),
} as const satisfies Record<string, Operation>;

export type OperationId = keyof typeof API;
type Op<K extends OperationId> = (typeof API)[K];
export type ResponseOf<K extends OperationId> = Op<K> extends { response: infer R extends z.ZodType } ? z.infer<R> : void;
export type BodyOf<K extends OperationId> = Op<K> extends { body: infer B extends z.ZodType } ? z.input<B> : undefined;

/** The tus upload endpoint (protocol, not JSON): documented as its own path. */
export const TUS_PATH = '/api/v1/uploads';

export type VideoView = z.infer<typeof videoView>;
export type StreamInfoView = z.infer<typeof streamInfo>;
