import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { videos, type Visibility } from '@/lib/platform/db/schema';
import { queryRows } from '@/lib/platform/db/client';
import { ANONYMOUS, canFind, decideView, visibleVideosWhere, type Viewer } from '@/lib/videos/policy';
import { describeOnBothDatabases } from '../helpers/backends';
import { makeUser } from '../helpers/users';

/**
 * The view rule exists twice: `decideView`/`canFind` in TypeScript (one video at a time) and
 * `visibleVideosWhere` in SQL (search and listings). This generates every kind of viewer and video
 * and asks both; they must agree on every pair, and nothing listed may be refused when opened.
 */
const VISIBILITIES: Visibility[] = ['private', 'link', 'public'];

describeOnBothDatabases('the view rule in TypeScript and in SQL', (get) => {
  it('agree on every viewer and every video', async () => {
    const { db } = get();
    const admin = await makeUser(db, 'Admin'); // the first account is the admin
    const ana = await makeUser(db, 'Ana');
    const ben = await makeUser(db, 'Ben');
    const cai = await makeUser(db, 'Cai'); // owns nothing
    expect(admin.role).toBe('admin');
    expect(ana.role).toBe('member');
    const viewers: Array<[string, Viewer]> = [
      ['anonymous', ANONYMOUS],
      ['admin', admin],
      ['ana', ana],
      ['ben', ben],
      ['cai', cai],
      // a signed-in account whose role was lost (defensive: it must not see more than a member)
      ['ana without role', { userId: ana.userId, role: null }],
    ];

    const facts: Array<{ id: string; ownerId: string | null; visibility: Visibility; hasPassword: boolean }> = [];
    for (const ownerId of [ana.userId, ben.userId, admin.userId, null]) {
      for (const visibility of VISIBILITIES) {
        for (const hasPassword of [false, true]) {
          const [row] = await db
            .insert(videos)
            .values({ ownerId, visibility, passwordHash: hasPassword ? 'scrypt$test' : null, title: `${visibility}${hasPassword ? '+pw' : ''}` })
            .returning({ id: videos.id });
          facts.push({ id: row!.id, ownerId, visibility, hasPassword });
        }
      }
    }
    expect(facts).toHaveLength(24);

    let listedSomewhere = 0;
    for (const [name, viewer] of viewers) {
      const rows = await queryRows<{ id: string }>(db, sql`select v.id::text as id from videos v where ${visibleVideosWhere(viewer)}`);
      const inSql = new Set(rows.map((r) => r.id));
      for (const f of facts) {
        const inTs = canFind(f, viewer);
        expect({ viewer: name, video: f, listed: inSql.has(f.id) }).toEqual({ viewer: name, video: f, listed: inTs });
        if (inTs) {
          listedSomewhere++;
          expect(decideView(f, viewer, { shareToken: 'none', passwordUnlocked: false }).allow).toBe(true);
        }
      }
    }
    // the rule is not vacuous: the admin finds all 24, Ana her 6 and the public one without a password of each other owner
    expect(listedSomewhere).toBe(24 + (6 + 3) + (6 + 3) + 4 + 4 + (6 + 3));
  });
});
