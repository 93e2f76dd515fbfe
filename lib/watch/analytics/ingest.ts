/**
 * Taking a batch of playback events: the playback row (created by the first batch, its sequence
 * number moved forward by each) and the events, in one statement — a replayed or reordered batch
 * changes nothing and is told so.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { playbackBatchBody } from '../../shared/api/contract';
import { queryRows, type Db } from '../../platform/db/client';
import { WeftError } from '../../platform/errors';
import type { PlaybackClaims } from './token';
import type { ClientClass } from './ua';

export type PlaybackBatch = z.infer<typeof playbackBatchBody>;

export interface BatchContext {
  claims: PlaybackClaims;
  /** The video's length (ranges past it are refused). */
  durationSec: number | null;
  /** Do-Not-Track or Global Privacy Control: count the view, keep no viewer id. */
  dnt: boolean;
  referrerHost: string | null;
  client: ClientClass;
  /** Pseudonymises the player's random id (a keyed hash: the raw id is never stored). */
  secret: string;
  /** addressKeyOf the client's address (null: not known). */
  addrKey?: string | null;
}

/** A keyed hash of a client address as throttles count it (the raw address is never stored). */
export function addressKeyOf(address: string | null, secret: string): string | null {
  if (!address || address === 'unknown') return null;
  return createHash('sha256').update(`${secret}:addr:${address}`).digest('base64url').slice(0, 22);
}

/** The stored viewer: the signed-in user, else a keyed hash of the player's id; nobody under DNT/GPC. */
export function viewerKeyOf(claims: PlaybackClaims, viewer: string | undefined, dnt: boolean, secret: string): string | null {
  if (dnt) return null;
  if (claims.u) return `u:${claims.u}`;
  if (!viewer) return null;
  return `a:${createHash('sha256').update(`${secret}:viewer:${viewer}`).digest('base64url').slice(0, 22)}`;
}

/** Merges ranges into sorted, disjoint ones. */
export function mergeRanges(ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = ranges.filter(([a, b]) => b > a).map(([a, b]) => [a, b] as [number, number]).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const lengthOf = (ranges: Array<[number, number]>) => ranges.reduce((n, [a, b]) => n + (b - a), 0);

/**
 * Watched time per event of a batch: what each event's ranges add to those of the events before
 * it in the batch (a range played once counts once, however many events repeat it).
 */
export function watchedMsPerEvent(events: ReadonlyArray<{ ranges: ReadonlyArray<readonly [number, number]> }>): number[] {
  let seen: Array<[number, number]> = [];
  return events.map((e) => {
    const before = lengthOf(seen);
    seen = mergeRanges([...seen, ...e.ranges]);
    return Math.round((lengthOf(seen) - before) * 1000);
  });
}

/** Refuses positions past the end of the video (a little slack for rounding). */
export function checkBatchRanges(batch: PlaybackBatch, durationSec: number | null): void {
  const limit = durationSec === null ? 86_400 : durationSec + 2;
  for (const [i, e] of batch.events.entries()) {
    if (e.position > limit || e.ranges.some(([, b]) => b > limit)) {
      throw new WeftError('validation_failed', `Invalid events.${i}: a position past the end of the video (${Math.round(limit)} s).`);
    }
  }
}

/** The events as table rows. */
export function eventRows(batch: PlaybackBatch) {
  const watched = watchedMsPerEvent(batch.events);
  return batch.events.map((e, i) => ({
    type: e.type,
    position: e.position,
    ranges: e.ranges,
    watched_ms: watched[i] ?? 0,
    rendition: e.rendition ?? null,
    bitrate: e.bitrate ?? null,
    stalls: e.stalls,
    stall_ms: e.stallMs,
    rate: e.rate,
  }));
}

/** One batch on its own (the stream API's stream_start; the group committer's fallback). */
export async function ingestPlaybackBatch(db: Db, batch: PlaybackBatch, ctx: BatchContext): Promise<{ accepted: number }> {
  checkBatchRanges(batch, ctx.durationSec);
  const c = ctx.claims;
  const viewerKey = viewerKeyOf(c, batch.viewer, ctx.dnt, ctx.secret);
  const userId = ctx.dnt ? null : c.u;
  const rows = eventRows(batch);
  const inserted = await queryRows<{ n: number }>(
    db,
    sql`
      with pb as (
        insert into playbacks (id, video_id, viewer_key, user_id, surface, referrer_host, browser, os, device, dnt, addr_key, started_at, last_seq)
        values (${c.p}, ${c.v}, ${viewerKey}, ${userId}, ${c.s}, ${ctx.referrerHost}, ${ctx.client.browser}, ${ctx.client.os}, ${ctx.client.device}, ${ctx.dnt}, ${ctx.addrKey ?? null}, ${new Date(c.t).toISOString()}::timestamptz, ${batch.seq})
        on conflict (id) do update set last_seq = excluded.last_seq, viewer_key = coalesce(playbacks.viewer_key, excluded.viewer_key)
          where playbacks.last_seq < excluded.last_seq
        returning id
      ), ins as (
        insert into playback_events (video_id, playback_id, type, position, ranges, watched_ms, rendition, bitrate, stalls, stall_ms, rate)
        select ${c.v}, pb.id, e.type, e.position, e.ranges, e.watched_ms, e.rendition, e.bitrate, e.stalls, e.stall_ms, e.rate
        from pb cross join jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as e(type text, position real, ranges jsonb, watched_ms int, rendition text, bitrate int, stalls int, stall_ms int, rate real)
        returning 1
      )
      select count(*)::int as n from ins`,
  );
  const n = Number(inserted[0]?.n ?? 0);
  if (n === 0) throw new WeftError('replayed_batch', `Batch ${batch.seq} of this playback was already taken (or a later one was).`);
  return { accepted: n };
}
