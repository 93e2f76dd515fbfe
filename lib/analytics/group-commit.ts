/**
 * Group commit for playback events: the batches that arrive while one write is in flight are
 * written together — one transaction, three statements, however many batches — instead of one
 * round of statements each. Every batch still gets its own answer: taken, or refused as a replay
 * (its `seq` not above the playback's last one, checked under a row lock).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client';
import { WeftError } from '../errors';
import { eventRows, ingestPlaybackBatch, viewerKeyOf, type BatchContext, type PlaybackBatch } from './ingest';

interface Pending {
  batch: PlaybackBatch;
  ctx: BatchContext;
  resolve(v: { accepted: number }): void;
  reject(e: unknown): void;
}

/** At most this many batches in one write. */
const MAX_GROUP = 128;

export class GroupCommitter {
  private queue: Pending[] = [];
  private active = 0;

  /**
   * `writers`: how many writes may be in flight at once. One on PGlite (one connection: a second
   * would only wait); a few on PostgreSQL, so that batches keep arriving into a group while the
   * last one waits for its commit.
   */
  constructor(
    private readonly db: Db,
    private readonly writers = 1,
  ) {}

  submit(batch: PlaybackBatch, ctx: BatchContext): Promise<{ accepted: number }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, ctx, resolve, reject });
      if (this.active < this.writers) {
        // start on the next turn, so that batches arriving together go together
        this.active += 1;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        try {
          await this.write(group);
        } catch {
          // one bad batch (its video deleted meanwhile) must not sink the others: each on its own
          await Promise.all(group.map((p) => ingestPlaybackBatch(this.db, p.batch, p.ctx).then(p.resolve, p.reject)));
        }
      }
    } finally {
      this.active -= 1;
    }
  }

  private async write(group: Pending[]): Promise<void> {
    const outcome = await this.db.transaction(async (tx) => {
      // rows locked in id order, so that two writes in flight cannot wait on each other
      const ids = [...new Set(group.map((p) => p.ctx.claims.p))].sort();
      const known = await queryRows<{ id: string; last_seq: number }>(
        tx,
        sql`select id, last_seq from playbacks where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) order by id for update`,
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
      // one row per playback: the newest batch's number, its viewer (when it names one)
      const rows = new Map<string, Pending>();
      for (const p of accepted) {
        const prev = rows.get(p.ctx.claims.p);
        if (!prev || p.batch.seq > prev.batch.seq) rows.set(p.ctx.claims.p, p);
      }
      await tx.execute(sql`
        insert into playbacks (id, video_id, viewer_key, user_id, surface, referrer_host, browser, os, device, dnt, last_seq)
        values ${sql.join(
          [...rows.values()].sort((a, b) => (a.ctx.claims.p < b.ctx.claims.p ? -1 : 1)).map((p) => {
            const c = p.ctx.claims;
            return sql`(${c.p}, ${c.v}, ${viewerKeyOf(c, p.batch.viewer, p.ctx.dnt, p.ctx.secret)}, ${p.ctx.dnt ? null : c.u}, ${c.s}, ${p.ctx.referrerHost}, ${p.ctx.client.browser}, ${p.ctx.client.os}, ${p.ctx.client.device}, ${p.ctx.dnt}, ${p.batch.seq})`;
          }),
          sql`, `,
        )}
        on conflict (id) do update set last_seq = greatest(playbacks.last_seq, excluded.last_seq), viewer_key = coalesce(playbacks.viewer_key, excluded.viewer_key)`);
      const events = accepted.flatMap((p) => eventRows(p.batch).map((e) => ({ ...e, video_id: p.ctx.claims.v, playback_id: p.ctx.claims.p })));
      await tx.execute(sql`
        insert into playback_events (video_id, playback_id, type, position, ranges, watched_ms, rendition, bitrate, stalls, stall_ms, rate)
        select e.video_id, e.playback_id, e.type, e.position, e.ranges, e.watched_ms, e.rendition, e.bitrate, e.stalls, e.stall_ms, e.rate
        from jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
          as e(video_id uuid, playback_id uuid, type text, position real, ranges jsonb, watched_ms int, rendition text, bitrate int, stalls int, stall_ms int, rate real)`);
      return taken;
    });
    for (const p of group) {
      if (outcome.has(p)) p.resolve({ accepted: p.batch.events.length });
      else p.reject(new WeftError('replayed_batch', `Batch ${p.batch.seq} of this playback was already taken (or a later one was).`));
    }
  }
}
