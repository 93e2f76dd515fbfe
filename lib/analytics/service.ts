/**
 * Playback analytics as the routes use them: a batch from a player (token checked, throttled per
 * playback, Do-Not-Track honoured), the stream API's `stream_start`, and the owner's insights.
 */
import { config } from '../config';
import type { Db } from '../db/client';
import { WeftError } from '../errors';
import type { PlaybackSurface } from '../api/enums';
import { findVideo, type VideoRow } from '../videos/repo';
import { addressKeyOf, checkBatchRanges, type PlaybackBatch } from './ingest';
import { clientAddressOf } from '../http/client-address';
import { throttleAddress } from '../net/address';
import { GroupCommitter } from './group-commit';
import { issuePlayback, verifyPlayback, type PlaybackClaims } from './token';
import { classifyClient, referrerHost } from './ua';

export interface RequestFacts {
  userAgent: string | null;
  referer: string | null;
  /** `DNT: 1` or `Sec-GPC: 1`. */
  dnt: boolean;
  /** The client's address as throttles count it (an IPv6 client by its /64). */
  address: string | null;
}

export function requestFacts(headers: { get(name: string): string | null }): RequestFacts {
  return {
    userAgent: headers.get('user-agent'),
    referer: headers.get('referer'),
    dnt: headers.get('dnt') === '1' || headers.get('sec-gpc') === '1',
    address: throttleAddress(clientAddressOf(headers, config().WEFT_TRUSTED_PROXIES)),
  };
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

/** Group writes in flight at once: a few on PostgreSQL; PGlite has one connection. */
const GROUP_WRITERS = 4;
const committers = new WeakMap<Db, GroupCommitter>();
function committerFor(db: Db): GroupCommitter {
  let c = committers.get(db);
  if (!c) {
    c = new GroupCommitter(db, config().DATABASE_URL ? GROUP_WRITERS : 1);
    committers.set(db, c);
  }
  return c;
}

/** Video lengths for validating ranges, cached a minute (a batch should not cost a video lookup). */
const lengths = new Map<string, { sec: number | null; at: number }>();
async function durationOf(db: Db, videoId: string): Promise<number | null> {
  const hit = lengths.get(videoId);
  if (hit && Date.now() - hit.at < 60_000) return hit.sec;
  const v = await findVideo(db, videoId);
  if (!v || v.deletedAt) throw new WeftError('video_not_found', 'No such video.');
  const sec = v.durationMs ? v.durationMs / 1000 : null;
  if (lengths.size > 10_000) lengths.clear();
  lengths.set(videoId, { sec, at: Date.now() });
  return sec;
}

/**
 * A player's batch. A valid playback token is the proof of access (it is only handed out after
 * the video policy said yes, and lives a day), so the hot path costs an HMAC and one statement.
 * Without one, the caller's access decides the answer: 404 for a video they may not watch, else
 * 403 `invalid_playback`.
 */
export async function recordPlaybackBatch(
  db: Db,
  signingKey: string,
  videoId: string,
  batch: PlaybackBatch,
  facts: RequestFacts,
  checkAccess: () => Promise<unknown>,
): Promise<{ accepted: number }> {
  const check = verifyPlayback(signingKey, batch.playback, videoId);
  if (!check.ok) {
    await checkAccess();
    claimsOf(signingKey, batch.playback, videoId);
  }
  const claims = check.ok ? check.claims : claimsOf(signingKey, batch.playback, videoId);
  throttle(claims.p);
  // the owner's own look: the player reports as any other, nothing is kept
  if (claims.m === 1) return { accepted: 0 };
  const ctx = {
    claims,
    durationSec: await durationOf(db, videoId),
    dnt: facts.dnt,
    // the embed's host page comes from the player (the frame's Referer is the embed itself)
    referrerHost: referrerHost(batch.referrer ?? facts.referer),
    client: classifyClient(facts.userAgent),
    secret: signingKey,
    addrKey: addressKeyOf(facts.address, signingKey),
  };
  checkBatchRanges(batch, ctx.durationSec);
  try {
    return await committerFor(db).submit(batch, ctx);
  } catch (e) {
    // the video was deleted since the token was made
    if ((e as { code?: string }).code === '23503' || /foreign key/i.test((e as Error).message)) throw new WeftError('video_not_found', 'No such video.');
    throw e;
  }
}

/** A new playback for a stream answer; the stream API also records its `stream_start`. */
export async function startPlayback(
  db: Db,
  signingKey: string,
  video: VideoRow,
  viewer: { userId: string | null; surface: PlaybackSurface; counted: boolean },
  facts: RequestFacts | null,
): Promise<{ id: string; token: string; started: boolean }> {
  const p = issuePlayback(signingKey, video.id, viewer.surface, facts?.dnt ? null : viewer.userId, Date.now(), { counted: viewer.counted });
  if (!facts || !viewer.counted) return { ...p, started: false };
  // written with the players' batches (group commit): a stream answer costs no write of its own
  await committerFor(db).submit(
    { playback: p.token, seq: 1, events: [{ type: 'stream_start', position: 0, ranges: [], stalls: 0, stallMs: 0, rate: 1 }] },
    {
      claims: { p: p.id, v: video.id, s: viewer.surface, u: facts.dnt ? null : viewer.userId, t: Date.now() },
      durationSec: null,
      dnt: facts.dnt,
      referrerHost: referrerHost(facts.referer),
      client: classifyClient(facts.userAgent),
      secret: signingKey,
      addrKey: addressKeyOf(facts.address, signingKey),
    },
    { fresh: true },
  );
  return { ...p, started: true };
}
