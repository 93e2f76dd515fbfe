import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getInsights } from '@/lib/watch/analytics/insights';
import { addressKeyOf, ingestPlaybackBatch, type PlaybackBatch } from '@/lib/watch/analytics/ingest';
import { throttleAddress } from '@/lib/platform/net/address';
import { GroupCommitter } from '@/lib/watch/analytics/group-commit';
import { maintainPartitions, rebuildVideo, rollupPlaybackEvents } from '@/lib/watch/analytics/rollup';
import { issuePlayback, verifyPlayback, type PlaybackClaims } from '@/lib/watch/analytics/token';
import { queryRows, type Db } from '@/lib/platform/db/client';
import { videos } from '@/lib/platform/db/schema';
import { createRecording } from '@/lib/record/session/service';
import { WeftError } from '@/lib/platform/errors';
import { describeOnBothDatabases } from '../helpers/backends';
import { makeUser } from '../helpers/users';

const KEY = 'k'.repeat(40);
const client = { browser: 'Chrome', os: 'Linux', device: 'desktop' as const };

async function video(db: Db, seconds = 60) {
  const owner = await makeUser(db, 'Owner');
  const { videoId } = await createRecording(db, owner.userId, { title: 'Stats', mode: 'screen' });
  await db.update(videos).set({ durationMs: seconds * 1000, status: 'ready' }).where(eq(videos.id, videoId));
  return { videoId, owner };
}

function claimsFor(videoId: string, userId: string | null = null, surface: 'page' | 'embed' = 'page'): { claims: PlaybackClaims; token: string } {
  // issued ten minutes ago: a playback's watch time is bounded by the time since its stream answer
  const p = issuePlayback(KEY, videoId, surface, userId, Date.now() - 600_000);
  const check = verifyPlayback(KEY, p.token, videoId);
  if (!check.ok) throw new Error('token');
  return { claims: check.claims, token: p.token };
}

async function send(db: Db, c: { claims: PlaybackClaims; token: string }, seq: number, events: PlaybackBatch['events'], extra: Partial<PlaybackBatch> = {}, dnt = false, referrerHost: string | null = null) {
  return ingestPlaybackBatch(db, { playback: c.token, seq, events, ...extra }, { claims: c.claims, durationSec: 60, dnt, referrerHost, client, secret: KEY });
}

const progress = (ranges: Array<[number, number]>, more: Partial<PlaybackBatch['events'][number]> = {}): PlaybackBatch['events'][number] => ({
  type: 'stream_progress',
  position: ranges.at(-1)?.[1] ?? 0,
  ranges,
  stalls: 0,
  stallMs: 0,
  rate: 1,
  ...more,
});
const startEvent: PlaybackBatch['events'][number] = { type: 'stream_start', position: 0, ranges: [], stalls: 0, stallMs: 0, rate: 1 };

describeOnBothDatabases('playback analytics', (get) => {
  it('watching 0–20 s, a seek to 40 and on to 50: the retention curve has exactly those seconds', async () => {
    const { db } = get();
    const { videoId } = await video(db);
    const a = claimsFor(videoId);
    await send(db, a, 1, [startEvent, progress([[0, 10]], { rendition: '720p' })], { viewer: 'viewer-aaaaaaaaaaaaaaaa' });
    await send(db, a, 2, [progress([[10, 20]], { rendition: '720p' })], { viewer: 'viewer-aaaaaaaaaaaaaaaa' });
    await send(db, a, 3, [progress([[40, 50]], { rendition: '360p', stalls: 1, stallMs: 500 }), { ...startEvent, type: 'stream_end', position: 50 }], { viewer: 'viewer-aaaaaaaaaaaaaaaa' });
    await rollupPlaybackEvents(db, { settleMs: 0 });
    const i = await getInsights(db, videoId, 60_000);
    const watched = i.retention.filter((p) => p.viewers > 0).map((p) => p.t);
    expect(watched).toEqual([...Array.from({ length: 20 }, (_, k) => k), ...Array.from({ length: 10 }, (_, k) => 40 + k)]);
    expect(i.retention).toHaveLength(60);
    expect(i.views).toBe(1);
    expect(i.starts).toBe(1);
    expect(i.uniqueViewers).toBe(1);
    expect(i.watchTimeSec).toBe(30);
    expect(i.avgCompletion).toBe(0.5);
    expect(i.renditions).toEqual([
      { name: '720p', share: 0.667 },
      { name: '360p', share: 0.333 },
    ]);
    expect(i.rebufferRatio).toBeCloseTo(0.5 / 30.5, 3);
    expect(i.dropOffs[0]).toEqual({ t: 20, lost: 1 });
  });

  it('two viewers are two unique viewers; Do-Not-Track counts the view and keeps no viewer id; referrers and embeds', async () => {
    const { db } = get();
    const { videoId } = await video(db);
    const signedIn = await makeUser(db, 'Viewer');
    await send(db, claimsFor(videoId, signedIn.userId), 1, [startEvent, progress([[0, 30]])]);
    await send(db, claimsFor(videoId, null, 'embed'), 1, [startEvent, progress([[0, 5]])], { viewer: 'viewer-bbbbbbbbbbbbbbbb' }, false, 'blog.example.com');
    const dnt = claimsFor(videoId);
    await send(db, dnt, 1, [startEvent, progress([[0, 4]])], { viewer: 'viewer-cccccccccccccccc' }, true);
    // under 3 s: a start, not a view
    await send(db, claimsFor(videoId), 1, [startEvent, progress([[0, 2]])], { viewer: 'viewer-dddddddddddddddd' });
    const rows = await queryRows<{ viewer_key: string | null; user_id: string | null; dnt: boolean }>(db, sql`select viewer_key, user_id, dnt from playbacks where id = ${dnt.claims.p}`);
    expect(rows[0]).toEqual({ viewer_key: null, user_id: null, dnt: true });
    // the raw id is never stored
    const all = await queryRows<{ viewer_key: string | null }>(db, sql`select viewer_key from playbacks where video_id = ${videoId}`);
    expect(all.some((r) => r.viewer_key?.includes('viewer-'))).toBe(false);
    await rollupPlaybackEvents(db, { settleMs: 0 });
    const i = await getInsights(db, videoId, 60_000);
    expect(i.starts).toBe(4);
    expect(i.views).toBe(3);
    expect(i.uniqueViewers).toBe(3);
    expect(i.surfaces).toEqual({ page: 2, embed: 1 });
    expect(i.referrers).toEqual([{ host: 'blog.example.com', views: 1 }]);
    expect(i.seenBy.map((s) => [s.name, s.watchedSec, s.completion])).toEqual([['Viewer', 30, 0.5]]);
    // names for the owner; e-mail addresses only when asked for an administrator
    expect(i.seenBy.every((s) => s.email === undefined)).toBe(true);
    const forAdmin = await getInsights(db, videoId, 60_000, { viewerEmails: true });
    expect(forAdmin.seenBy.map((s) => s.email)).toEqual([signedIn.email]);
  });

  it('a replayed or reordered batch changes nothing and is told so', async () => {
    const { db } = get();
    const { videoId } = await video(db);
    const c = claimsFor(videoId);
    await send(db, c, 1, [startEvent]);
    await send(db, c, 2, [progress([[0, 10]])]);
    for (const seq of [2, 1]) {
      const e = await send(db, c, seq, [progress([[0, 10]])]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(WeftError);
      expect((e as WeftError).code).toBe('replayed_batch');
    }
    const [n] = await queryRows<{ n: string }>(db, sql`select count(*)::text as n from playback_events where playback_id = ${c.claims.p}`);
    expect(Number(n?.n)).toBe(2);
    // a position past the end of the video is refused
    await expect(send(db, c, 3, [progress([[50, 90]])])).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('group commit: batches arriving together are written together, each answered; a replay within the group is refused', async () => {
    const { db } = get();
    const { videoId } = await video(db);
    const committer = new GroupCommitter(db);
    const a = claimsFor(videoId);
    const b = claimsFor(videoId);
    const ctx = (c: { claims: PlaybackClaims }) => ({ claims: c.claims, durationSec: 60, dnt: false, referrerHost: null, client, secret: KEY });
    const submit = (c: { claims: PlaybackClaims; token: string }, seq: number) => committer.submit({ playback: c.token, seq, events: [progress([[seq, seq + 1]])] }, ctx(c));
    const results = await Promise.allSettled([submit(a, 3), submit(a, 1), submit(b, 1), submit(a, 2), submit(b, 1), submit(b, 2)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const rejected = results[4] as PromiseRejectedResult;
    expect((rejected.reason as WeftError).code).toBe('replayed_batch');
    const rows = await queryRows<{ id: string; last_seq: number }>(db, sql`select id, last_seq from playbacks where id in (${a.claims.p}, ${b.claims.p}) order by last_seq desc`);
    expect(rows.map((r) => Number(r.last_seq))).toEqual([3, 2]);
    const [n] = await queryRows<{ n: string }>(db, sql`select count(*)::text as n from playback_events where playback_id in (${a.claims.p}, ${b.claims.p})`);
    expect(Number(n?.n)).toBe(5);
    // later, an old number is still a replay
    await expect(submit(a, 2)).rejects.toMatchObject({ code: 'replayed_batch' });
  });

  it('group commit with four writes in flight: 40 players × 10 batches in order all land, each once; replays refused', async () => {
    const { db } = get();
    const { videoId } = await video(db);
    const committer = new GroupCommitter(db, 4);
    const players = Array.from({ length: 40 }, () => claimsFor(videoId));
    const ctx = (c: { claims: PlaybackClaims }) => ({ claims: c.claims, durationSec: 60, dnt: false, referrerHost: null, client, secret: KEY });
    // each player sends its batches one after the other (as a player does), all players at once
    await Promise.all(
      players.map(async (c) => {
        for (let seq = 1; seq <= 10; seq++) await committer.submit({ playback: c.token, seq, events: [progress([[seq, seq + 1]]), progress([[seq + 1, seq + 2]])] }, ctx(c));
      }),
    );
    const replays = await Promise.allSettled(players.slice(0, 5).map((c) => committer.submit({ playback: c.token, seq: 10, events: [progress([[0, 1]])] }, ctx(c))));
    expect(replays.every((r) => r.status === 'rejected' && (r.reason as WeftError).code === 'replayed_batch')).toBe(true);
    const [n] = await queryRows<{ n: string; p: string; seq: string }>(
      db,
      sql`select count(*)::text as n, count(distinct playback_id)::text as p, (select min(last_seq) from playbacks where video_id = ${videoId})::text as seq from playback_events where video_id = ${videoId}`,
    );
    expect({ events: Number(n?.n), playbacks: Number(n?.p), lastSeq: Number(n?.seq) }).toEqual({ events: 800, playbacks: 40, lastSeq: 10 });
  });

  it('the rollup run twice, or rebuilt from scratch, gives the same numbers; only new days are touched', async () => {
    const { db } = get();
    const { videoId } = await video(db);
    for (let k = 0; k < 5; k++) await send(db, claimsFor(videoId), 1, [startEvent, progress([[0, 10 + k * 5]])], { viewer: `viewer-${String(k).repeat(16)}` });
    // settleMs 0 takes events strictly before the rollup's now(): one stamped in the same instant
    // (PGlite's clock is coarse) would wait for the next run
    await new Promise((r) => setTimeout(r, 20));
    const first = await rollupPlaybackEvents(db, { settleMs: 0 });
    expect(first.events).toBeGreaterThanOrEqual(10);
    const a = await getInsights(db, videoId, 60_000);
    expect(await rollupPlaybackEvents(db, { settleMs: 0 })).toEqual({ events: 0, days: 0 });
    await rebuildVideo(db, videoId);
    const b = await getInsights(db, videoId, 60_000);
    expect(b).toEqual(a);
    expect(a.views).toBe(5);
    expect(a.retention[0]?.viewers).toBe(5);
    expect(a.retention[29]?.viewers).toBe(1);
  });

  it('raw events live in monthly partitions made ahead; past retention they are dropped, the rollups stay', async () => {
    const { db } = get();
    const now = new Date();
    const r = await maintainPartitions(db, 90, now);
    const parts = await queryRows<{ name: string }>(
      db,
      sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'playback_events' order by 1`,
    );
    const names = parts.map((p) => p.name);
    expect(names).toContain('playback_events_default');
    expect(names.filter((n) => /_y\d{4}m\d{2}$/.test(n)).length).toBeGreaterThanOrEqual(3);
    expect(r.dropped).toEqual([]);
    // two years later everything of this month is past retention
    const later = new Date(now.getTime() + 730 * 86_400_000);
    const r2 = await maintainPartitions(db, 90, later);
    expect(r2.dropped.length).toBeGreaterThanOrEqual(3);
    const [stats] = await queryRows<{ n: string }>(db, sql`select count(*)::text as n from video_daily_stats`);
    expect(Number(stats?.n)).toBeGreaterThan(0);
  });

  describe('numbers that cannot be pumped', () => {
    const sendFrom = (db: Db, c: { claims: PlaybackClaims; token: string }, seq: number, events: PlaybackBatch['events'], viewer: string, address: string) =>
      ingestPlaybackBatch(db, { playback: c.token, seq, events, viewer }, { claims: c.claims, durationSec: 8, dnt: false, referrerHost: null, client, secret: KEY, addrKey: addressKeyOf(address, KEY) });

    it.each([
      ['20 events of one batch repeating [0,4]', Array.from({ length: 20 }, () => [[0, 4]] as Array<[number, number]>), 4],
      ['one event listing [0,4] twenty times', [Array.from({ length: 20 }, () => [0, 4] as [number, number])], 4],
      ['overlapping ranges', [[[0, 4], [2, 6]], [[5, 8]]] as Array<Array<[number, number]>>, 8],
      ['a range inside another', [[[0, 8]], [[1, 2]], [[3, 7]]] as Array<Array<[number, number]>>, 8],
    ])('%s: watch time counts what was played once', async (_label, perEvent, seconds) => {
      const { db } = get();
      const { videoId } = await video(db, 8);
      await sendFrom(db, claimsFor(videoId), 1, [startEvent, ...perEvent.map((r) => progress(r))], 'viewer-pump-aaaaaaaaaaa', '198.51.100.7');
      await rollupPlaybackEvents(db, { settleMs: 0 });
      const i = await getInsights(db, videoId, 8000);
      expect(i.watchTimeSec).toBe(seconds);
    });

    it('a fresh playback cannot claim more watching than the time since its stream answer allows', async () => {
      const { db } = get();
      const { videoId } = await video(db, 8);
      const fresh = issuePlayback(KEY, videoId, 'page', null);
      const check = verifyPlayback(KEY, fresh.token, videoId);
      if (!check.ok) throw new Error('token');
      const c = { claims: check.claims, token: fresh.token };
      for (let seq = 1; seq <= 20; seq++) await sendFrom(db, c, seq, [progress([[0, 8]])], 'viewer-fresh-aaaaaaaaaa', '198.51.100.8');
      await rollupPlaybackEvents(db, { settleMs: 0 });
      const i = await getInsights(db, videoId, 8000);
      // 160 s claimed within a second or two of the token: at most (elapsed + 2 s) × 2.5
      expect(i.watchTimeSec).toBeLessThanOrEqual(10);
      expect(i.watchTimeSec).toBeGreaterThan(0);
    });

    it('one address adds at most 10 views an hour and 10 anonymous viewers a day; signed-in viewers behind it count as themselves', async () => {
      const { db } = get();
      const { videoId } = await video(db, 8);
      for (let n = 0; n < 15; n++) {
        await sendFrom(db, claimsFor(videoId), 1, [startEvent, progress([[0, 4]])], `viewer-made-up-${String(n).padStart(8, '0')}`, '203.0.113.9');
      }
      // an IPv6 client rotating through its own /64 is one address
      for (let n = 0; n < 12; n++) await sendFrom(db, claimsFor(videoId), 1, [startEvent, progress([[0, 4]])], `viewer-v6-${String(n).padStart(12, '0')}`, throttleAddress(`2001:db8:1:2::${n + 1}`));
      for (let n = 0; n < 3; n++) {
        const u = await makeUser(db, `Colleague${n}`);
        await sendFrom(db, claimsFor(videoId, u.userId), 1, [startEvent, progress([[0, 4]])], `viewer-colleague-${n}-aaaaa`, '203.0.113.9');
      }
      await rollupPlaybackEvents(db, { settleMs: 0 });
      const i = await getInsights(db, videoId, 8000);
      expect(i.starts).toBe(15 + 12 + 3);
      expect(i.views).toBe(10 + 10 + 3);
      expect(i.uniqueViewers).toBe(10 + 10 + 3);
      // watch time and retention still count every playback
      expect(i.watchTimeSec).toBe(30 * 4);
    });
  });
});
