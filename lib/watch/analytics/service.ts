/**
 * Playback analytics as the routes use them: a batch from a player (token checked, throttled per
 * playback, Do-Not-Track honoured), the stream API's `stream_start`, and the owner's insights.
 */
import { systemClock, type Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/client';
import { WeftError } from '../../platform/errors';
import type { PlaybackSurface } from '../../shared/api/enums';
import { findVideo, type VideoRow } from '../../videos/repo';
import { addressKeyOf, checkBatchRanges, type PlaybackBatch } from './ingest';
import { clientAddressOf } from '../../platform/http/client-address';
import { throttleAddress } from '../../platform/net/address';
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

/** `trustedProxies`: WEFT_TRUSTED_PROXIES. */
export function requestFacts(headers: { get(name: string): string | null }, trustedProxies: number): RequestFacts {
  return {
    userAgent: headers.get('user-agent'),
    referer: headers.get('referer'),
    dnt: headers.get('dnt') === '1' || headers.get('sec-gpc') === '1',
    address: throttleAddress(clientAddressOf(headers, trustedProxies)),
  };
}

function claimsOf(signingKey: string, token: string, videoId: string): PlaybackClaims {
  const check = verifyPlayback(signingKey, token, videoId);
  if (!check.ok) {
    const why = { malformed: 'is not a playback token', forged: 'was not issued by this server', other_video: 'belongs to another video', expired: 'has expired (older than a day)' }[check.reason];
    throw new WeftError('invalid_playback', `The playback token ${why}.`);
  }
  return check.claims;
}

export interface PlaybackIngestOptions {
  db: Db;
  signingKey: string;
  /** WEFT_ANALYTICS_BATCHES_PER_MINUTE (0: no limit). */
  batchesPerMinute: number;
  /** Group writes in flight at once: a few on PostgreSQL; PGlite has one connection. */
  writers: number;
  clock?: Clock;
}

/**
 * Players' playback events as the routes take them: one per process (lib/server/deps.ts), holding what
 * must outlive a request — the group committer, the per-playback throttle, a short cache of video
 * lengths.
 */
export class PlaybackIngest {
  private readonly committer: GroupCommitter;
  private readonly recent = new Map<string, number[]>();
  private readonly lengths = new Map<string, { sec: number | null; at: number }>();
  private readonly clock: Clock;

  constructor(private readonly opts: PlaybackIngestOptions) {
    this.committer = new GroupCommitter(opts.db, opts.writers);
    this.clock = opts.clock ?? systemClock;
  }

  /** Per playback: at most N batches a minute (a sliding minute, in this process). */
  private throttle(playbackId: string): void {
    const limit = this.opts.batchesPerMinute;
    if (limit === 0) return;
    const now = this.clock.now();
    const times = (this.recent.get(playbackId) ?? []).filter((t) => now - t < 60_000);
    if (times.length >= limit) {
      throw new WeftError('too_many_events', 'This player sends playback events too often.', { details: { retryAfterSeconds: Math.ceil((60_000 - (now - (times[0] ?? now))) / 1000) } });
    }
    times.push(now);
    this.recent.set(playbackId, times);
    if (this.recent.size > 50_000) for (const [k, v] of this.recent) if (now - (v[v.length - 1] ?? 0) > 60_000) this.recent.delete(k);
  }

  /** Video lengths for validating ranges, cached a minute (a batch should not cost a video lookup). */
  private async durationOf(videoId: string): Promise<number | null> {
    const now = this.clock.now();
    const hit = this.lengths.get(videoId);
    if (hit && now - hit.at < 60_000) return hit.sec;
    const v = await findVideo(this.opts.db, videoId);
    if (!v || v.deletedAt) throw new WeftError('video_not_found', 'No such video.');
    const sec = v.durationMs ? v.durationMs / 1000 : null;
    if (this.lengths.size > 10_000) this.lengths.clear();
    this.lengths.set(videoId, { sec, at: now });
    return sec;
  }

  /**
   * A player's batch. A valid playback token is the proof of access (it is only handed out after
   * the video policy said yes, and lives a day), so the hot path costs an HMAC and one statement.
   * Without one, the caller's access decides the answer: 404 for a video they may not watch, else
   * 403 `invalid_playback`.
   */
  async recordBatch(
    videoId: string,
    batch: PlaybackBatch,
    facts: RequestFacts,
    checkAccess: () => Promise<unknown>,
  ): Promise<{ accepted: number }> {
    const { signingKey } = this.opts;
    const check = verifyPlayback(signingKey, batch.playback, videoId);
    if (!check.ok) {
      await checkAccess();
      claimsOf(signingKey, batch.playback, videoId);
    }
    const claims = check.ok ? check.claims : claimsOf(signingKey, batch.playback, videoId);
    this.throttle(claims.p);
    // the owner's own look: the player reports as any other, nothing is kept
    if (claims.m === 1) return { accepted: 0 };
    const ctx = {
      claims,
      durationSec: await this.durationOf(videoId),
      dnt: facts.dnt,
      // the embed's host page comes from the player (the frame's Referer is the embed itself)
      referrerHost: referrerHost(batch.referrer ?? facts.referer),
      client: classifyClient(facts.userAgent),
      secret: signingKey,
      addrKey: addressKeyOf(facts.address, signingKey),
    };
    checkBatchRanges(batch, ctx.durationSec);
    try {
      return await this.committer.submit(batch, ctx);
    } catch (e) {
      // the video was deleted since the token was made
      if ((e as { code?: string }).code === '23503' || /foreign key/i.test((e as Error).message)) throw new WeftError('video_not_found', 'No such video.');
      throw e;
    }
  }

  /** A new playback for a stream answer; the stream API also records its `stream_start`. */
  async startPlayback(
    video: VideoRow,
    viewer: { userId: string | null; surface: PlaybackSurface; counted: boolean },
    facts: RequestFacts | null,
  ): Promise<{ id: string; token: string; started: boolean }> {
    const { signingKey } = this.opts;
    const now = this.clock.now();
    const p = issuePlayback(signingKey, video.id, viewer.surface, facts?.dnt ? null : viewer.userId, now, { counted: viewer.counted });
    if (!facts || !viewer.counted) return { ...p, started: false };
    // written with the players' batches (group commit): a stream answer costs no write of its own
    await this.committer.submit(
      { playback: p.token, seq: 1, events: [{ type: 'stream_start', position: 0, ranges: [], stalls: 0, stallMs: 0, rate: 1 }] },
      {
        claims: { p: p.id, v: video.id, s: viewer.surface, u: facts.dnt ? null : viewer.userId, t: now },
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
}
