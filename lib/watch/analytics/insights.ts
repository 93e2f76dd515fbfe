/** The owner's insights for one video, read from the rollups only (fast at any number of events). */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db/client';
import { RETENTION_BUCKET, RETENTION_FINE_SECONDS } from './rollup';

export interface Insights {
  views: number;
  starts: number;
  uniqueViewers: number;
  watchTimeSec: number;
  avgWatchSec: number;
  /** 0..1, the average share of the video a view saw. */
  avgCompletion: number;
  /** Playbacks that saw each second (10 s buckets past 10 min). */
  retention: Array<{ t: number; viewers: number }>;
  /** Where most viewers left: the largest falls of the curve. */
  dropOffs: Array<{ t: number; lost: number }>;
  renditions: Array<{ name: string; share: number }>;
  /** Time spent stalled over time spent playing or stalled. */
  rebufferRatio: number;
  referrers: Array<{ host: string; views: number }>;
  surfaces: { page: number; embed: number };
  viewsOverTime: Array<{ day: string; views: number }>;
  /** Signed-in viewers, most recent first. */
  /** Signed-in viewers by name; their e-mail addresses only for administrators. */
  seenBy: Array<{ name: string; email?: string; watchedSec: number; completion: number; lastAt: string }>;
}

const num = (v: unknown) => Number(v ?? 0);

export function emptyInsights(): Insights {
  return { views: 0, starts: 0, uniqueViewers: 0, watchTimeSec: 0, avgWatchSec: 0, avgCompletion: 0, retention: [], dropOffs: [], renditions: [], rebufferRatio: 0, referrers: [], surfaces: { page: 0, embed: 0 }, viewsOverTime: [], seenBy: [] };
}

/** The curve's points for a video of `durationSec`: every second, then every bucket. */
function curveTimes(durationSec: number): number[] {
  const out: number[] = [];
  const end = Math.max(0, Math.ceil(durationSec));
  for (let t = 0; t < Math.min(end, RETENTION_FINE_SECONDS); t++) out.push(t);
  for (let t = RETENTION_FINE_SECONDS; t < end; t += RETENTION_BUCKET) out.push(t);
  return out;
}

export async function getInsights(db: Db, videoId: string, durationMs: number | null, opts: { viewerEmails: boolean } = { viewerEmails: false }): Promise<Insights> {
  const [days, retention, uniques, seenBy] = await Promise.all([
    queryRows<{ day: string; starts: number; views: number; embed_views: number; watch_ms: string; completion_sum: number; stall_ms: string; renditions: Record<string, number>; referrers: Record<string, number> }>(
      db,
      sql`select to_char(day, 'YYYY-MM-DD') as day, starts, views, embed_views, watch_ms::text, completion_sum, stall_ms::text, renditions, referrers from video_daily_stats where video_id = ${videoId} order by day`,
    ),
    queryRows<{ t: number; viewers: string }>(db, sql`select t, sum(viewers)::text as viewers from video_retention where video_id = ${videoId} group by t order by t`),
    queryRows<{ n: string }>(db, sql`select count(distinct viewer_key)::text as n from video_viewer_days where video_id = ${videoId}`),
    queryRows<{ name: string; email: string; watch_ms: string; seconds: number; last_at: string }>(
      db,
      sql`select u.name, u.email, sum(d.watch_ms)::text as watch_ms, max(d.seconds_seen) as seconds, max(d.last_at)::text as last_at
          from video_viewer_days d join users u on u.id = d.user_id
          where d.video_id = ${videoId} group by u.id, u.name, u.email order by max(d.last_at) desc limit 100`,
    ),
  ]);
  if (days.length === 0) return emptyInsights();
  const durationSec = Math.max(1, (durationMs ?? 0) / 1000);
  let views = 0;
  let starts = 0;
  let embed = 0;
  let watchMs = 0;
  let completion = 0;
  let stallMs = 0;
  const rend = new Map<string, number>();
  const refs = new Map<string, number>();
  for (const d of days) {
    views += num(d.views);
    starts += num(d.starts);
    embed += num(d.embed_views);
    watchMs += num(d.watch_ms);
    completion += num(d.completion_sum);
    stallMs += num(d.stall_ms);
    for (const [k, v] of Object.entries(d.renditions ?? {})) rend.set(k, (rend.get(k) ?? 0) + num(v));
    for (const [k, v] of Object.entries(d.referrers ?? {})) refs.set(k, (refs.get(k) ?? 0) + num(v));
  }
  const byT = new Map(retention.map((r) => [num(r.t), num(r.viewers)]));
  const curve = curveTimes(durationSec).map((t) => ({ t, viewers: byT.get(t) ?? 0 }));
  const dropOffs = curve
    .slice(1)
    .map((p, i) => ({ t: p.t, lost: (curve[i]?.viewers ?? 0) - p.viewers }))
    .filter((d) => d.lost > 0)
    .sort((a, b) => b.lost - a.lost || a.t - b.t)
    .slice(0, 3);
  const rendTotal = [...rend.values()].reduce((a, b) => a + b, 0);
  return {
    views,
    starts,
    uniqueViewers: num(uniques[0]?.n),
    watchTimeSec: Math.round(watchMs / 1000),
    avgWatchSec: views > 0 ? Math.round(watchMs / 1000 / views) : 0,
    avgCompletion: views > 0 ? Math.round((completion / views) * 1000) / 1000 : 0,
    retention: curve,
    dropOffs,
    renditions: [...rend.entries()].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, share: rendTotal > 0 ? Math.round((ms / rendTotal) * 1000) / 1000 : 0 })),
    rebufferRatio: watchMs + stallMs > 0 ? Math.round((stallMs / (watchMs + stallMs)) * 10_000) / 10_000 : 0,
    referrers: [...refs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([host, n]) => ({ host, views: n })),
    surfaces: { page: views - embed, embed },
    viewsOverTime: days.map((d) => ({ day: d.day, views: num(d.views) })),
    seenBy: seenBy.map((s) => ({ name: s.name, ...(opts.viewerEmails ? { email: s.email } : {}), watchedSec: Math.round(num(s.watch_ms) / 1000), completion: Math.min(1, Math.round((num(s.seconds) / durationSec) * 1000) / 1000), lastAt: new Date(s.last_at).toISOString() })),
  };
}

/** View counts for library cards. */
export async function viewCounts(db: Db, videoIds: string[]): Promise<Map<string, number>> {
  if (videoIds.length === 0) return new Map();
  const rows = await queryRows<{ video_id: string; views: string }>(
    db,
    sql`select video_id, sum(views)::text as views from video_daily_stats where video_id in (${sql.join(videoIds.map((id) => sql`${id}::uuid`), sql`, `)}) group by video_id`,
  );
  return new Map(rows.map((r) => [r.video_id, num(r.views)]));
}
