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
  private readonly seen = new Map<VideoId, number>();
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
        if (set && set.size === 0) {
          this.listeners.delete(id);
          this.seen.delete(id);
        }
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
      for (const row of rows) listener(row);
    } catch (e) {
      log.warn('video feed read failed', { error: String(e) });
    }
  }

  private async poll(): Promise<void> {
    if (this.polling || this.listeners.size === 0) return;
    this.polling = true;
    try {
      const rows = await this.db.select().from(videos).where(inArray(videos.id, [...this.listeners.keys()]));
      for (const row of rows) {
        const stamp = row.updatedAt.getTime();
        if (this.seen.get(row.id) === stamp) continue;
        const first = !this.seen.has(row.id);
        this.seen.set(row.id, stamp);
        if (first) continue; // subscribers got the current state when they subscribed
        for (const l of this.listeners.get(row.id) ?? []) l(row);
      }
    } catch (e) {
      log.warn('video feed poll failed', { error: String(e) });
    } finally {
      this.polling = false;
    }
  }
}
