import { inArray } from 'drizzle-orm';
import type { Db } from '../platform/db/client';
import { videos, type VideoId } from '../platform/db/schema';
import { log } from '../platform/log';
import type { VideoRow } from '../videos/repo';

type Listener = (video: VideoRow) => void;

/**
 * Changes to videos (status, processing stage and progress, thumbnails), for server-sent events.
 * One poll per process for all subscribers — it works the same whether the workers run inline or
 * in other processes, since every change goes through the database.
 */
export class VideoFeed {
  private readonly listeners = new Map<VideoId, Set<Listener>>();
  /** What each listener was last given of each video (its updatedAt): nothing is missed, nothing sent twice. */
  private readonly given = new WeakMap<Listener, Map<VideoId, number>>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly db: Db,
    private readonly intervalMs = 250,
  ) {}

  /** Calls `listener` with the video now and after each change; returns the unsubscribe function. */
  subscribe(ids: VideoId[], listener: Listener): () => void {
    for (const id of ids) {
      let set = this.listeners.get(id);
      if (!set) this.listeners.set(id, (set = new Set()));
      set.add(listener);
    }
    void this.deliver(ids, listener);
    if (!this.timer) this.timer = setInterval(() => void this.poll(), this.intervalMs);
    return () => {
      for (const id of ids) {
        const set = this.listeners.get(id);
        set?.delete(listener);
        if (set && set.size === 0) this.listeners.delete(id);
      }
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  private async deliver(ids: VideoId[], listener: Listener): Promise<void> {
    try {
      const rows = await this.db.select().from(videos).where(inArray(videos.id, ids));
      for (const row of rows) this.give(listener, row);
    } catch (e) {
      log.warn('video feed read failed', { error: String(e) });
    }
  }

  /** Gives `listener` the row unless it has it (or a newer one) already. */
  private give(listener: Listener, row: VideoRow): void {
    let seen = this.given.get(listener);
    if (!seen) this.given.set(listener, (seen = new Map()));
    const stamp = row.updatedAt.getTime();
    // never an older state after a newer one (a first read that answers after a poll)
    if ((seen.get(row.id) ?? -Infinity) >= stamp) return;
    seen.set(row.id, stamp);
    listener(row);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.listeners.size === 0) return;
    this.polling = true;
    try {
      const rows = await this.db.select().from(videos).where(inArray(videos.id, [...this.listeners.keys()]));
      // a listener that was given an older state (a change between its first read and this poll
      // included) gets this one
      for (const row of rows) for (const l of this.listeners.get(row.id) ?? []) this.give(l, row);
    } catch (e) {
      log.warn('video feed poll failed', { error: String(e) });
    } finally {
      this.polling = false;
    }
  }
}
