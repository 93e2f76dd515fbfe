/**
 * Group commit for playback events: the batches that arrive while one write is in flight are
 * written together — one transaction, three statements, however many batches — instead of one
 * round of statements each. Every batch still gets its own answer: taken, or refused as a replay
 * (its `seq` not above the playback's last one, checked under a row lock).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db/client';
import { WeftError } from '../../platform/errors';
import { eventRows, ingestPlaybackBatch, viewerKeyOf, type BatchContext, type PlaybackBatch } from './ingest';

interface Pending {
  batch: PlaybackBatch;
  ctx: BatchContext;
  resolve(v: { accepted: number }): void;
  reject(e: unknown): void;
}

const PLAYBACK_RECORD = sql.raw(
  'as r(id uuid, video_id uuid, viewer_key text, user_id uuid, surface text, referrer_host text, browser text, os text, device text, dnt boolean, addr_key text, started_at timestamptz, last_seq int)',
);
const EVENT_RECORD = sql.raw(
  'as e(video_id uuid, playback_id uuid, type text, position real, ranges jsonb, watched_ms int, rendition text, bitrate int, stalls int, stall_ms int, rate real)',
);

/** At most this many batches in one write. */
const MAX_GROUP = 128;

export class GroupCommitter {
  private queue: Pending[] = [];
  /** First batches of playbacks just made (the stream API's stream_start): no replay to check. */
  private fresh: Pending[] = [];
  private active = 0;
  private freshTurn = false;

  /**
   * `writers`: how many writes may be in flight at once. One on PGlite (one connection: a second
   * would only wait); a few on PostgreSQL, so that batches keep arriving into a group while the
   * last one waits for its commit.
   */
  constructor(
    private readonly db: Db,
    private readonly writers = 1,
  ) {}

  /** `fresh`: the first batch of a playback id made just now, so no row of it can exist yet. */
  submit(batch: PlaybackBatch, ctx: BatchContext, opts: { fresh?: boolean } = {}): Promise<{ accepted: number }> {
    return new Promise((resolve, reject) => {
      (opts.fresh ? this.fresh : this.queue).push({ batch, ctx, resolve, reject });
      if (this.active < this.writers) {
        // start on the next turn, so that batches arriving together go together
        this.active += 1;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 || this.fresh.length > 0) {
        // the two queues take turns
        this.freshTurn = !this.freshTurn;
        const fresh = this.queue.length === 0 || (this.fresh.length > 0 && this.freshTurn);
        const group = (fresh ? this.fresh : this.queue).splice(0, MAX_GROUP);
        try {
          await (fresh ? this.writeFresh(group) : this.write(group));
        } catch {
          // one bad batch (its video deleted meanwhile) must not sink the others: each on its own
          await Promise.all(group.map((p) => ingestPlaybackBatch(this.db, p.batch, p.ctx).then(p.resolve, p.reject)));
        }
      }
    } finally {
      this.active -= 1;
    }
  }

  private playbackRows(group: Pending[]) {
    // one row per playback: the newest batch's number, its viewer (when it names one)
    const rows = new Map<string, Pending>();
    for (const p of group) {
      const prev = rows.get(p.ctx.claims.p);
      if (!prev || p.batch.seq > prev.batch.seq) rows.set(p.ctx.claims.p, p);
    }
    return [...rows.values()]
      .sort((a, b) => (a.ctx.claims.p < b.ctx.claims.p ? -1 : 1))
      .map((p) => {
        const c = p.ctx.claims;
        return {
          id: c.p,
          video_id: c.v,
          viewer_key: viewerKeyOf(c, p.batch.viewer, p.ctx.dnt, p.ctx.secret),
          user_id: p.ctx.dnt ? null : c.u,
          surface: c.s,
          referrer_host: p.ctx.referrerHost,
          browser: p.ctx.client.browser,
          os: p.ctx.client.os,
          device: p.ctx.client.device,
          addr_key: p.ctx.addrKey ?? null,
          // when its token was issued (the stream answer): what it can have watched is counted from then
          started_at: new Date(c.t).toISOString(),
          dnt: p.ctx.dnt,
          last_seq: p.batch.seq,
        };
      });
  }

  private eventRows(group: Pending[]) {
    return group.flatMap((p) => eventRows(p.batch).map((e) => ({ ...e, video_id: p.ctx.claims.v, playback_id: p.ctx.claims.p })));
  }

  /** New playbacks and their first events: one statement, no transaction of its own. */
  private async writeFresh(group: Pending[]): Promise<void> {
    const taken = await queryRows<{ id: string }>(
      this.db,
      sql`
      with pb as (
        insert into playbacks (id, video_id, viewer_key, user_id, surface, referrer_host, browser, os, device, dnt, addr_key, started_at, last_seq)
        select r.id, r.video_id, r.viewer_key, r.user_id, r.surface, r.referrer_host, r.browser, r.os, r.device, r.dnt, r.addr_key, r.started_at, r.last_seq
        from jsonb_to_recordset(${JSON.stringify(this.playbackRows(group))}::jsonb) ${PLAYBACK_RECORD}
        on conflict (id) do nothing
        returning id
      ), ins as (
        insert into playback_events (video_id, playback_id, type, position, ranges, watched_ms, rendition, bitrate, stalls, stall_ms, rate)
        select e.video_id, e.playback_id, e.type, e.position, e.ranges, e.watched_ms, e.rendition, e.bitrate, e.stalls, e.stall_ms, e.rate
        from jsonb_to_recordset(${JSON.stringify(this.eventRows(group))}::jsonb) ${EVENT_RECORD}
        join pb on pb.id = e.playback_id
        returning playback_id
      )
      select distinct playback_id::text as id from ins`,
    );
    const ok = new Set(taken.map((r) => r.id));
    for (const p of group) {
      if (ok.has(p.ctx.claims.p)) p.resolve({ accepted: p.batch.events.length });
      else p.reject(new WeftError('replayed_batch', `Batch ${p.batch.seq} of this playback was already taken (or a later one was).`));
    }
  }

  private async write(group: Pending[]): Promise<void> {
    const outcome = await this.db.transaction(async (tx) => {
      // rows locked in id order, so that two writes in flight cannot wait on each other; every
      // statement here has the same text whatever the group's size (one prepared statement each)
      const ids = [...new Set(group.map((p) => p.ctx.claims.p))].sort();
      const known = await queryRows<{ id: string; last_seq: number }>(
        tx,
        sql`select id, last_seq from playbacks where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid) order by id for update`,
      );
      const last = new Map(known.map((r) => [r.id, Number(r.last_seq)]));
      // in order of seq per playback: a batch is taken when its number is above the last one taken
      const taken = new Set<Pending>();
      for (const p of [...group].sort((a, b) => a.batch.seq - b.batch.seq)) {
        const id = p.ctx.claims.p;
        if (p.batch.seq > (last.get(id) ?? 0)) {
          last.set(id, p.batch.seq);
          taken.add(p);
        }
      }
      const accepted = group.filter((p) => taken.has(p));
      if (accepted.length === 0) return taken;
      const playbackRows = this.playbackRows(accepted);
      await tx.execute(sql`
        insert into playbacks (id, video_id, viewer_key, user_id, surface, referrer_host, browser, os, device, dnt, addr_key, started_at, last_seq)
        select r.id, r.video_id, r.viewer_key, r.user_id, r.surface, r.referrer_host, r.browser, r.os, r.device, r.dnt, r.addr_key, r.started_at, r.last_seq
        from jsonb_to_recordset(${JSON.stringify(playbackRows)}::jsonb) ${PLAYBACK_RECORD}
        order by r.id
        on conflict (id) do update set last_seq = greatest(playbacks.last_seq, excluded.last_seq), viewer_key = coalesce(playbacks.viewer_key, excluded.viewer_key)`);
      await tx.execute(sql`
        insert into playback_events (video_id, playback_id, type, position, ranges, watched_ms, rendition, bitrate, stalls, stall_ms, rate)
        select e.video_id, e.playback_id, e.type, e.position, e.ranges, e.watched_ms, e.rendition, e.bitrate, e.stalls, e.stall_ms, e.rate
        from jsonb_to_recordset(${JSON.stringify(this.eventRows(accepted))}::jsonb) ${EVENT_RECORD}`);
      return taken;
    });
    for (const p of group) {
      if (outcome.has(p)) p.resolve({ accepted: p.batch.events.length });
      else p.reject(new WeftError('replayed_batch', `Batch ${p.batch.seq} of this playback was already taken (or a later one was).`));
    }
  }
}
