/**
 * Playback tokens: the stream answer carries one, signed by the server, and every batch of
 * playback events must bring it back. It names the video, the playback, where it plays and who
 * (when signed in); a batch with a token that is forged, for another video or older than a day is
 * refused.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { PlaybackSurface } from '../../shared/api/enums';

export interface PlaybackClaims {
  /** Playback id. */
  p: string;
  /** Video id. */
  v: string;
  s: PlaybackSurface;
  /** Signed-in viewer, if any. */
  u: string | null;
  /** Issued at, ms. */
  t: number;
  /** 1: a manager's own look (policy `countsAsView` said no): its events are accepted and dropped. */
  m?: 1;
}

export const PLAYBACK_TOKEN_TTL_MS = 24 * 3600_000;

const mac = (key: string, body: string) => createHmac('sha256', `${key}:playback`).update(body).digest('base64url');

export function issuePlayback(
  key: string,
  videoId: string,
  surface: PlaybackSurface,
  userId: string | null,
  now = Date.now(),
  opts: { counted?: boolean } = {},
): { id: string; token: string } {
  const claims: PlaybackClaims = { p: randomUUID(), v: videoId, s: surface, u: userId, t: now, ...(opts.counted === false ? { m: 1 as const } : {}) };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { id: claims.p, token: `${body}.${mac(key, body)}` };
}

export type PlaybackCheck = { ok: true; claims: PlaybackClaims } | { ok: false; reason: 'malformed' | 'forged' | 'other_video' | 'expired' };

export function verifyPlayback(key: string, token: string, videoId: string, now = Date.now()): PlaybackCheck {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return { ok: false, reason: 'malformed' };
  const want = Buffer.from(mac(key, body));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return { ok: false, reason: 'forged' };
  let claims: PlaybackClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PlaybackClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.v !== videoId) return { ok: false, reason: 'other_video' };
  if (!(now - claims.t < PLAYBACK_TOKEN_TTL_MS && claims.t <= now + 60_000)) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
