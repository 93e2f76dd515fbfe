/**
 * Playback analytics as the routes use them: a batch from a player (token checked, throttled per
 * playback, Do-Not-Track honoured), the stream API's `stream_start`, and the owner's insights.
 */
import { config } from '../config';
import type { Db } from '../db/client';
import { WeftError } from '../errors';
import type { PlaybackSurface } from '../api/enums';
import type { VideoRow } from '../videos/repo';
import { ingestPlaybackBatch, type PlaybackBatch } from './ingest';
import { issuePlayback, verifyPlayback, type PlaybackClaims } from './token';
import { classifyClient, referrerHost } from './ua';

export interface RequestFacts {
  userAgent: string | null;
  referer: string | null;
  /** `DNT: 1` or `Sec-GPC: 1`. */
  dnt: boolean;
}

export function requestFacts(headers: { get(name: string): string | null }): RequestFacts {
  return { userAgent: headers.get('user-agent'), referer: headers.get('referer'), dnt: headers.get('dnt') === '1' || headers.get('sec-gpc') === '1' };
}

/** Per playback: at most N batches a minute (a sliding minute, in this process). */
const recent = new Map<string, number[]>();
function throttle(playbackId: string, now = Date.now()): void {
  const limit = config().WEFT_ANALYTICS_BATCHES_PER_MINUTE;
  if (limit === 0) return;
  const times = (recent.get(playbackId) ?? []).filter((t) => now - t < 60_000);
  if (times.length >= limit) {
    throw new WeftError('too_many_events', 'This player sends playback events too often.', { details: { retryAfterSeconds: Math.ceil((60_000 - (now - (times[0] ?? now))) / 1000) } });
  }
  times.push(now);
  recent.set(playbackId, times);
  if (recent.size > 50_000) for (const [k, v] of recent) if (now - (v[v.length - 1] ?? 0) > 60_000) recent.delete(k);
}

function claimsOf(signingKey: string, token: string, videoId: string): PlaybackClaims {
  const check = verifyPlayback(signingKey, token, videoId);
  if (!check.ok) {
    const why = { malformed: 'is not a playback token', forged: 'was not issued by this server', other_video: 'belongs to another video', expired: 'has expired (older than a day)' }[check.reason];
    throw new WeftError('invalid_playback', `The playback token ${why}.`);
  }
  return check.claims;
}

export async function recordPlaybackBatch(db: Db, signingKey: string, video: VideoRow, batch: PlaybackBatch, facts: RequestFacts): Promise<{ accepted: number }> {
  const claims = claimsOf(signingKey, batch.playback, video.id);
  throttle(claims.p);
  return ingestPlaybackBatch(db, batch, {
    claims,
    durationSec: video.durationMs ? video.durationMs / 1000 : null,
    dnt: facts.dnt,
    // the embed's host page comes from the player (the frame's Referer is the embed itself)
    referrerHost: referrerHost(batch.referrer ?? facts.referer),
    client: classifyClient(facts.userAgent),
    secret: signingKey,
  });
}

/** A new playback for a stream answer; the stream API also records its `stream_start`. */
export async function startPlayback(
  db: Db,
  signingKey: string,
  video: VideoRow,
  viewer: { userId: string | null; surface: PlaybackSurface },
  facts: RequestFacts | null,
): Promise<{ id: string; token: string; started: boolean }> {
  const p = issuePlayback(signingKey, video.id, viewer.surface, facts?.dnt ? null : viewer.userId);
  if (!facts) return { ...p, started: false };
  await ingestPlaybackBatch(
    db,
    { playback: p.token, seq: 1, events: [{ type: 'stream_start', position: 0, ranges: [], stalls: 0, stallMs: 0, rate: 1 }] },
    {
      claims: { p: p.id, v: video.id, s: viewer.surface, u: facts.dnt ? null : viewer.userId, t: Date.now() },
      durationSec: null,
      dnt: facts.dnt,
      referrerHost: referrerHost(facts.referer),
      client: classifyClient(facts.userAgent),
      secret: signingKey,
    },
  );
  return { ...p, started: true };
}
