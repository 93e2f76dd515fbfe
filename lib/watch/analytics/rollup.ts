/**
 * The rollup: incremental and idempotent. Events past the watermark name the (video, day) pairs
 * that changed; each such day is rebuilt whole from the raw events (delete + insert in one
 * transaction), then the watermark moves. Running it twice, or after a crash half-way, gives the
 * same numbers. Also keeps monthly partitions ahead of time and drops raw events past retention;
 * the rollups stay forever.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../platform/db/client';

const WATERMARK = 'analytics.rollup.last_event_id';
const LOCK = 7_473_748;
/** The retention curve: one point per second for the first 10 minutes, then 10 s buckets. */
export const RETENTION_FINE_SECONDS = 600;
export const RETENTION_BUCKET = 10;
/** A playback counts as a view from 3 s watched. */
export const VIEW_MS = 3000;
/**
 * What a playback can have watched: the time since it started (plus a little slack for the
 * batch in flight) at the fastest speed the players offer. A batch claiming more is cut to it.
 */
export const MAX_PLAYBACK_RATE = 2.5;
export const WATCH_SLACK_SECONDS = 2;
/**
 * What one client address (an IPv6 client by its /64) or one account adds to a video: at most this
 * many views an hour, and this many anonymous unique viewers a day. Playback is never refused for
 * it; further playbacks still count watch time and retention.
 */
export const VIEWS_PER_ADDRESS_HOUR = 10;
/** A playback's watch time, bounded (over its events `e` joined to its row `p`). */
const BOUNDED_WATCH_MS = sql.raw(
  `least(sum(e.watched_ms), (greatest(0, extract(epoch from max(e.at) - min(p.started_at))) + ${WATCH_SLACK_SECONDS}) * ${MAX_PLAYBACK_RATE * 1000})::bigint`,
);
export const VIEWERS_PER_ADDRESS_DAY = 10;

async function watermark(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ value: string }>(db, sql`select value from settings where key = ${WATERMARK}`);
  return row ? Number(row.value) : 0;
}

/** Rebuilds one video's day from the raw events. */
async function rebuildDay(tx: DbOrTx, videoId: string, day: string): Promise<void> {
  await tx.execute(sql`delete from video_daily_stats where video_id = ${videoId} and day = ${day}::date`);
  await tx.execute(sql`delete from video_retention where video_id = ${videoId} and day = ${day}::date`);
  await tx.execute(sql`delete from video_viewer_days where video_id = ${videoId} and day = ${day}::date`);
  const dayEvents = sql`select * from playback_events where video_id = ${videoId} and at >= ${day}::date and at < ${day}::date + 1`;
  // seconds of the video seen, per playback: a second counts when more than half of it was played,
  // so [0, 20.2] (a pause a frame late) is seconds 0 … 19: round(a) … round(b) - 1
  const seconds = sql`
    select distinct e.playback_id, g.s
    from (${dayEvents}) e
    cross join lateral jsonb_array_elements(e.ranges) r
    cross join lateral generate_series(round((r->>0)::float8)::int, round((r->>1)::float8)::int - 1) g(s)
    where (r->>1)::float8 > (r->>0)::float8`;
  await tx.execute(sql`
    with e as (${dayEvents}),
    per as (
      select e.playback_id,
        ${BOUNDED_WATCH_MS} as watched,
        sum(e.stall_ms)::bigint as stall_ms, bool_or(e.type = 'stream_start') as started
      from e join playbacks p on p.id = e.playback_id group by e.playback_id
    ),
    seen as (select playback_id, count(*)::int as n from (${seconds}) s group by playback_id),
    v as (select greatest(coalesce(duration_ms, 0), 1000) / 1000.0 as dur from videos where id = ${videoId}),
    views as (
      select * from (
        select per.*, p.surface, p.referrer_host, least(1.0, coalesce(seen.n, 0) / (select dur from v)) as completion,
          row_number() over (partition by coalesce(p.user_id::text, p.addr_key, p.id::text), date_trunc('hour', p.started_at) order by p.started_at, p.id) as nth
        from per join playbacks p on p.id = per.playback_id left join seen on seen.playback_id = per.playback_id
        where per.watched >= ${VIEW_MS}
      ) ranked where nth <= ${VIEWS_PER_ADDRESS_HOUR}
    ),
    rend as (select coalesce(jsonb_object_agg(r, ms), '{}'::jsonb) as m from (select rendition as r, sum(watched_ms)::bigint as ms from e where rendition is not null group by rendition) x),
    refs as (select coalesce(jsonb_object_agg(h, n), '{}'::jsonb) as m from (select referrer_host as h, count(*)::int as n from views where referrer_host is not null group by referrer_host) x)
    insert into video_daily_stats (video_id, day, starts, views, embed_views, watch_ms, completion_sum, stall_ms, renditions, referrers)
    select ${videoId}, ${day}::date,
      (select count(*)::int from per where started),
      (select count(*)::int from views),
      (select count(*)::int from views where surface = 'embed'),
      (select coalesce(sum(watched), 0)::bigint from per),
      (select coalesce(sum(completion), 0)::real from views),
      (select coalesce(sum(stall_ms), 0)::bigint from per),
      (select m from rend), (select m from refs)
    where exists (select 1 from per)`);
  await tx.execute(sql`
    insert into video_retention (video_id, day, t, viewers)
    select ${videoId}, ${day}::date, b, count(distinct playback_id)::int
    from (
      select playback_id, case when s < ${RETENTION_FINE_SECONDS} then s else ${RETENTION_FINE_SECONDS} + ((s - ${RETENTION_FINE_SECONDS}) / ${RETENTION_BUCKET}) * ${RETENTION_BUCKET} end as b
      from (${seconds}) x
    ) y group by b`);
  await tx.execute(sql`
    with e as (${dayEvents}),
    s as (${seconds}),
    vs as (
      select q.viewer_key, count(distinct s.s)::int as n
      from s join playbacks q on q.id = s.playback_id
      where q.viewer_key is not null group by q.viewer_key
    ),
    vk as (
      select p.viewer_key, min(p.addr_key) as addr, min(p.started_at) as first
      from e join playbacks p on p.id = e.playback_id where p.viewer_key is not null group by p.viewer_key
    ),
    -- signed-in viewers count as themselves; anonymous ones at most N per address a day
    counted as (
      select viewer_key from vk where viewer_key not like 'a:%'
      union all
      select viewer_key from (
        select viewer_key, row_number() over (partition by coalesce(addr, viewer_key) order by first, viewer_key) as nth from vk where viewer_key like 'a:%'
      ) r where nth <= ${VIEWERS_PER_ADDRESS_DAY}
    ),
    watched as (select playback_id, watched from (
      select e.playback_id,
        ${BOUNDED_WATCH_MS} as watched
      from e join playbacks p on p.id = e.playback_id group by e.playback_id) w)
    insert into video_viewer_days (video_id, day, viewer_key, user_id, watch_ms, seconds_seen, last_at)
    select ${videoId}, ${day}::date, p.viewer_key, max(p.user_id::text)::uuid, coalesce(sum(w.watched), 0)::bigint, coalesce(max(vs.n), 0), max(pl.last_at)
    from playbacks p
    join watched w on w.playback_id = p.id
    join (select playback_id, max(at) as last_at from e group by playback_id) pl on pl.playback_id = p.id
    left join vs on vs.viewer_key = p.viewer_key
    where p.viewer_key in (select viewer_key from counted)
    group by p.viewer_key`);
}

export interface RollupResult {
  events: number;
  days: number;
}

/** Rolls up the events that arrived since the last run (those older than `settleMs`, so that none is still being written). */
export async function rollupPlaybackEvents(db: Db, opts: { settleMs?: number } = {}): Promise<RollupResult> {
  const settle = `${Math.max(0, opts.settleMs ?? 2000)} milliseconds`;
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${LOCK}) as ok`);
    if (!lock?.ok) return { events: 0, days: 0 };
    const from = await watermark(tx);
    const [hi] = await queryRows<{ id: string | null; n: string }>(
      tx,
      sql`select max(id)::text as id, count(*)::text as n from playback_events where id > ${from} and at < now() - ${settle}::interval`,
    );
    const to = hi?.id ? Number(hi.id) : from;
    if (to <= from) return { events: 0, days: 0 };
    const pairs = await queryRows<{ video_id: string; day: string }>(
      tx,
      sql`select distinct e.video_id, to_char(e.at at time zone 'UTC', 'YYYY-MM-DD') as day
          from playback_events e join videos v on v.id = e.video_id
          where e.id > ${from} and e.id <= ${to}`,
    );
    for (const p of pairs) await rebuildDay(tx, p.video_id, p.day);
    await tx.execute(
      sql`insert into settings (key, value) values (${WATERMARK}, ${String(to)}) on conflict (key) do update set value = excluded.value`,
    );
    return { events: Number(hi?.n ?? 0), days: pairs.length };
  });
}

/** Rebuilds every day of one video from the raw events still kept (tests, repairs). */
export async function rebuildVideo(db: Db, videoId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const days = await queryRows<{ day: string }>(
      tx,
      sql`select distinct to_char(at at time zone 'UTC', 'YYYY-MM-DD') as day from playback_events where video_id = ${videoId}`,
    );
    for (const d of days) await rebuildDay(tx, videoId, d.day);
  });
}

const monthName = (d: Date) => `playback_events_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
const monthStart = (y: number, m: number) => new Date(Date.UTC(y, m, 1));

/**
 * Monthly partitions for this month and the next two (made before their first event, so that the
 * default partition stays empty), and raw events past `retentionDays` dropped: whole partitions
 * when their month is over, row by row in the default partition.
 */
export async function maintainPartitions(db: Db, retentionDays: number, now = new Date()): Promise<{ created: string[]; dropped: string[] }> {
  const created: string[] = [];
  const dropped: string[] = [];
  for (let i = 0; i < 3; i++) {
    const from = monthStart(now.getUTCFullYear(), now.getUTCMonth() + i);
    const to = monthStart(from.getUTCFullYear(), from.getUTCMonth() + 1);
    const name = monthName(from);
    const [exists] = await queryRows<{ ok: boolean }>(db, sql`select to_regclass(${name}) is not null as ok`);
    if (exists?.ok) continue;
    // made beside the table, given the month's rows the default partition may hold, then attached
    await db.transaction(async (tx) => {
      const range = `from ('${from.toISOString()}') to ('${to.toISOString()}')`;
      await tx.execute(sql.raw(`create table "${name}" (like playback_events including defaults including constraints)`));
      await tx.execute(sql.raw(`insert into "${name}" select * from playback_events_default where at >= '${from.toISOString()}' and at < '${to.toISOString()}'`));
      await tx.execute(sql.raw(`delete from playback_events_default where at >= '${from.toISOString()}' and at < '${to.toISOString()}'`));
      await tx.execute(sql.raw(`alter table playback_events attach partition "${name}" for values ${range}`));
    });
    created.push(name);
  }
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const parts = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'playback_events'`,
  );
  for (const { name } of parts) {
    const m = /^playback_events_y(\d{4})m(\d{2})$/.exec(name);
    if (!m) continue;
    const end = monthStart(Number(m[1]), Number(m[2]));
    if (end <= cutoff) {
      await db.execute(sql.raw(`drop table "${name}"`));
      dropped.push(name);
    }
  }
  await db.execute(sql`delete from playback_events_default where at < ${cutoff.toISOString()}::timestamptz`);
  await db.execute(sql`delete from playbacks where started_at < ${cutoff.toISOString()}::timestamptz`);
  return { created, dropped };
}
