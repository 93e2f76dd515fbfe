/**
 * What a person is told when a page or a frame refuses them: one sentence pair per reason, chosen
 * by the error's code. The site's error pages (`app/ErrorPage.tsx`) and the embed's messages both
 * read this table, so the same refusal reads the same everywhere.
 */
export type RefusalCode =
  | 'signed_out'
  | 'not_allowed'
  | 'not_found'
  | 'video_not_found'
  | 'share_link_expired'
  | 'share_link_revoked'
  | 'share_link_invalid'
  | 'server_error';

export interface Refusal {
  status: 401 | 403 | 404 | 500;
  title: string;
  text: string;
}

export const REFUSALS: Record<RefusalCode, Refusal> = {
  signed_out: { status: 401, title: 'Log in to continue', text: 'This page is for signed-in people. Log in and you come straight back here.' },
  not_allowed: { status: 403, title: 'Not allowed', text: 'Your account may not open this page. An admin of this Weft can.' },
  not_found: { status: 404, title: 'Page not found', text: 'There is nothing at this address.' },
  video_not_found: { status: 404, title: 'Video not found', text: 'This video does not exist, was deleted, or its owner keeps it private.' },
  share_link_expired: { status: 403, title: 'This link has expired', text: 'The owner made this share link to expire, and it has. Ask them for a new one.' },
  share_link_revoked: { status: 403, title: 'This link was turned off', text: 'The owner revoked this share link. Ask them for a new one.' },
  share_link_invalid: { status: 403, title: 'This link is not valid', text: 'The link is incomplete or mistyped. Check it, or ask the owner for a new one.' },
  server_error: { status: 500, title: 'Something went wrong', text: 'Weft could not finish this request. Try again in a moment.' },
};

/** The refusal for an access decision's error code (a code of its own, or the closest one). */
export function refusalFor(code: string): RefusalCode {
  if (code in REFUSALS) return code as RefusalCode;
  if (code === 'unauthorized') return 'signed_out';
  if (code === 'forbidden') return 'not_allowed';
  if (code.endsWith('_not_found')) return 'not_found';
  return 'server_error';
}
