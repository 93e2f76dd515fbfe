import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client';
import { videos } from '../platform/db/schema';
import type { VideoId } from '../shared/api/enums';
import { systemClock, type Clock } from '../platform/clock';

/**
 * The current access epoch of a video, as the media origin checks it on every request: read through
 * a short cache (`ttlMs`, default 2 s), so that a revocation on any web node ends the old URLs on
 * every node within that time while the origin asks the database at most once per video and period.
 * `null`: the video is gone (deleted), and no URL of it opens anything.
 */
export class AccessEpochs {
  private readonly cache = new Map<string, { epoch: number | null; at: number }>();

  constructor(
    private readonly load: (videoId: VideoId) => Promise<number | null>,
    private readonly opts: { ttlMs?: number; clock?: Clock; maxEntries?: number } = {},
  ) {}

  /**
   * `seen`: the epoch of a genuine signature being checked. A newer one than the cache holds can
   * only have been signed after the access changed, so the epoch is read again at once (the video's
   * new URLs work the moment they are handed out); an older one waits out the cache.
   */
  async get(videoId: VideoId, seen?: number): Promise<number | null> {
    const now = (this.opts.clock ?? systemClock).now();
    const hit = this.cache.get(videoId);
    const stale = hit !== undefined && hit.epoch !== null && seen !== undefined && seen > hit.epoch;
    if (hit && !stale && now - hit.at < (this.opts.ttlMs ?? 2000)) return hit.epoch;
    const epoch = await this.load(videoId);
    if (this.cache.size >= (this.opts.maxEntries ?? 50_000)) this.cache.clear();
    this.cache.set(videoId, { epoch, at: now });
    return epoch;
  }

  /**
   * An epoch this node just read with the video's row (a page that hands out media URLs): the media
   * requests that follow need not read it again. Only where nothing fresh is cached — a newer
   * reading is never replaced by an older one.
   */
  note(videoId: VideoId, epoch: number): void {
    const now = (this.opts.clock ?? systemClock).now();
    const hit = this.cache.get(videoId);
    if (hit && now - hit.at < (this.opts.ttlMs ?? 2000)) return;
    if (this.cache.size >= (this.opts.maxEntries ?? 50_000)) this.cache.clear();
    this.cache.set(videoId, { epoch, at: now });
  }

  /** Forgets a video (this node changed its access: the next request reads the new epoch). */
  forget(videoId: string): void {
    this.cache.delete(videoId);
  }
}

/** The epoch of a video that is not deleted, or null. */
export async function loadAccessEpoch(db: DbOrTx, videoId: VideoId): Promise<number | null> {
  const [row] = await db
    .select({ epoch: videos.accessEpoch })
    .from(videos)
    .where(and(eq(videos.id, videoId), isNull(videos.deletedAt)));
  return row ? row.epoch : null;
}

/** Ends every media URL signed under the video's current access (in the caller's transaction). */
export async function bumpAccessEpoch(db: DbOrTx, videoId: VideoId): Promise<void> {
  await db
    .update(videos)
    .set({ accessEpoch: sql`${videos.accessEpoch} + 1` })
    .where(eq(videos.id, videoId));
}
