/**
 * One error type for the domain: a snake_case code that maps to an HTTP status, and a message that
 * is safe to show to the client. The original error is kept as `cause` for logs.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  empty_upload: 400,
  missing_session: 400,
  webhook_url_refused: 400,
  everything_cut: 400,
  translation_unavailable: 400,
  size_mismatch: 400,
  import_too_large: 413,
  downloads_off: 403,
  webhook_url_unresolvable: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  account_disabled: 403,
  password_login_off: 403,
  invite_wrong_account: 403,
  sso_failed: 400,
  sso_not_configured: 404,
  signup_closed: 403,
  insufficient_scope: 403,
  csrf_rejected: 403,
  comments_closed: 403,
  password_required: 403,
  wrong_password: 403,
  share_link_expired: 403,
  share_link_revoked: 403,
  share_link_invalid: 403,
  invalid_signature: 403,
  invalid_playback: 403,
  not_found: 404,
  workspace_not_found: 404,
  invite_invalid: 404,
  reset_link_invalid: 400,
  session_not_found: 404,
  video_not_found: 404,
  invalid_transition: 409,
  email_taken: 409,
  already_member: 409,
  last_admin: 409,
  upload_exists: 409,
  replayed_batch: 409,
  video_not_ready: 409,
  video_purged: 410,
  invite_expired: 410,
  invite_used: 410,
  invite_revoked: 410,
  too_many_changes: 429,
  transcript_not_ready: 409,
  payload_too_large: 413,
  range_not_satisfiable: 416,
  too_many_attempts: 429,
  too_many_signups: 429,
  too_many_events: 429,
  internal: 500,
  not_implemented: 501,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class WeftError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WeftError';
    this.code = code;
    this.details = options?.details;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
  toJSON(): { error: { code: ErrorCode; message: string } & Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...(this.details ?? {}) } };
  }
}

/**
 * A WeftError — also one made by another copy of this module: Next.js bundles route handlers apart
 * from the server entry, so an error thrown by an object the entry built (e.g. the single sign-on
 * client in `deps()`) is of the entry's class, not the route's.
 */
export function isWeftError(e: unknown): e is WeftError {
  if (e instanceof WeftError) return true;
  if (!(e instanceof Error) || e.name !== 'WeftError') return false;
  const { code, toJSON } = e as unknown as { code?: unknown; toJSON?: unknown };
  return typeof code === 'string' && code in ERROR_STATUS && typeof toJSON === 'function';
}

/** A job failure that retrying cannot fix (a bad input); the job fails once with this message. */
export class PermanentJobError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PermanentJobError';
    this.code = code;
  }
}
