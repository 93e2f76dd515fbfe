import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { folderMembers, folders, videoPeople, videos, workspaceMembers, type Visibility } from '@/lib/platform/db/schema';
import { queryRows } from '@/lib/platform/db/client';
import { membershipsOf } from '@/lib/platform/accounts/service';
import { ANONYMOUS, canFind, canManage, decideView, visibleVideosWhere, type Viewer } from '@/lib/videos/policy';
import { accessFactsOf } from '@/lib/videos/access-facts';
import type { VideoRow } from '@/lib/videos/repo';
import { describeOnBothDatabases } from '../helpers/backends';
import { makeUser } from '../helpers/users';

/**
 * The view rule exists twice: `decideView`/`canFind` in TypeScript (one video at a time, with the
 * facts `accessFactsOf` loads) and `visibleVideosWhere` in SQL (search and listings). This builds a
 * workspace with every kind of member (admin, member, viewer, removed member, outsider, a person
 * named on videos) and every kind of video (4 visibilities × password × no folder / open folder /
 * members-only folder × named or not), asks both, and they must agree on every pair; nothing listed
 * may be refused when opened.
 */
const VISIBILITIES: Visibility[] = ['private', 'workspace', 'link', 'public'];

describeOnBothDatabases('the view rule in TypeScript and in SQL', (get) => {
  it('agree on every viewer and every video', async () => {
    const { db } = get();
    const root = await makeUser(db, 'Root'); // the first account: the instance's admin, admin of "Team"
    const team = Object.keys(root.workspaces)[0]!;
    const ana = await makeUser(db, 'Ana');
    const ben = await makeUser(db, 'Ben');
    const vic = await makeUser(db, 'Vic');
    const wes = await makeUser(db, 'Wes');
    const rex = await makeUser(db, 'Rex');
    const out = await makeUser(db, 'Out');
    expect(root.role).toBe('admin');
    await db.insert(workspaceMembers).values([
      { workspaceId: team, userId: ana.userId, role: 'member' },
      { workspaceId: team, userId: ben.userId, role: 'member' },
      { workspaceId: team, userId: vic.userId, role: 'viewer' },
      { workspaceId: team, userId: wes.userId, role: 'admin' },
      { workspaceId: team, userId: rex.userId, role: 'member' },
    ]);
    const [open] = await db.insert(folders).values({ workspaceId: team, name: 'Open', access: 'open' }).returning();
    const [closed] = await db.insert(folders).values({ workspaceId: team, name: 'Leads', access: 'members' }).returning();
    await db.insert(folderMembers).values({ folderId: closed!.id, userId: ben.userId });

    const rows: VideoRow[] = [];
    const named = new Set<string>();
    for (const ownerId of [ana.userId, rex.userId]) {
      for (const visibility of VISIBILITIES) {
        for (const hasPassword of [false, true]) {
          for (const folderId of [null, open!.id, closed!.id]) {
            for (const withOut of [false, true]) {
              const [row] = await db
                .insert(videos)
                .values({ ownerId, workspaceId: team, folderId, visibility, passwordHash: hasPassword ? 'scrypt$test' : null, title: `${visibility}${hasPassword ? '+pw' : ''}` })
                .returning();
              rows.push(row!);
              if (withOut) {
                await db.insert(videoPeople).values({ videoId: row!.id, email: out.email, userId: out.userId });
                named.add(row!.id);
              }
            }
          }
        }
      }
    }
    // Rex leaves: his videos stay with the workspace
    await db.delete(workspaceMembers).where(eq(workspaceMembers.userId, rex.userId)).execute();
    const fresh = async (u: Viewer & { userId: string }): Promise<Viewer> => ({ userId: u.userId, role: u.role, workspaces: await membershipsOf(db, u.userId) });
    const viewers: Array<[string, Viewer]> = [
      ['anonymous', ANONYMOUS],
      ['instance admin', await fresh(root)],
      ['workspace admin', await fresh(wes)],
      ['ana (owner, member)', await fresh(ana)],
      ['ben (member, on the members-only folder)', await fresh(ben)],
      ['vic (viewer role)', await fresh(vic)],
      ['rex (removed member, owner)', await fresh(rex)],
      ['out (outsider, named on half)', await fresh(out)],
      // a signed-in account whose roles were lost (defensive: it must not see more than an outsider)
      ['ana without roles', { userId: ana.userId, role: null, workspaces: {} }],
    ];
    expect(rows).toHaveLength(2 * 4 * 2 * 3 * 2);

    const found: Record<string, number> = {};
    for (const [name, viewer] of viewers) {
      const listed = new Set((await queryRows<{ id: string }>(db, sql`select v.id::text as id from videos v where ${visibleVideosWhere(viewer)}`)).map((r) => r.id));
      found[name] = 0;
      for (const v of rows) {
        const facts = await accessFactsOf(db, v, viewer);
        const inTs = canFind(facts.video, viewer, facts.personal);
        const label = { viewer: name, video: `${v.visibility}${v.passwordHash ? '+pw' : ''} folder=${v.folderId === null ? '-' : v.folderId === open!.id ? 'open' : 'members'} named=${named.has(v.id)} owner=${v.ownerId === ana.userId ? 'ana' : 'rex'}` };
        expect({ ...label, listed: listed.has(v.id) }).toEqual({ ...label, listed: inTs });
        if (inTs) {
          found[name]++;
          expect(decideView(facts.video, viewer, { shareToken: 'none', passwordUnlocked: false, ...facts.personal }).allow, JSON.stringify(label)).toBe(true);
        }
      }
    }
    // the rules, counted (96 videos; 48 without a password)
    // the rules, counted (96 videos; 48 without a password, 24 of them each owner's)
    expect(found).toEqual({
      anonymous: 12, // public without a password: 2 owners × 3 folders × 2
      'instance admin': 96,
      'workspace admin': 96, // manages every video of the workspace
      // her 48; of Rex's 24 without a password: public ones anywhere (6), workspace/link outside the members-only folder (8)
      'ana (owner, member)': 48 + 6 + 8,
      // on the members-only folder: every video not private and without a password, 3 visibilities × 3 folders × 2 × 2 owners
      'ben (member, on the members-only folder)': 36,
      // like a member, not on the members-only folder: 24 outside it, and the public ones in it (4)
      'vic (viewer role)': 24 + 4,
      'rex (removed member, owner)': 12, // the public ones only: he manages nothing any more
      // public (12), and the ones named to him that are not public, without a password: 3 visibilities × 3 folders × 2 owners
      'out (outsider, named on half)': 12 + 18,
      'ana without roles': 12,
    });
  });

  it('a removed member manages nothing; a workspace admin manages every video of the workspace', async () => {
    const { db } = get();
    const v = { ownerId: 'u-1', workspaceId: 'w-1' };
    expect(canManage(v, { userId: 'u-1', role: 'member', workspaces: { 'w-1': 'viewer' } })).toBe(true);
    expect(canManage(v, { userId: 'u-1', role: 'member', workspaces: {} })).toBe(false);
    expect(canManage(v, { userId: 'u-2', role: 'member', workspaces: { 'w-1': 'admin' } })).toBe(true);
    expect(canManage(v, { userId: 'u-2', role: 'member', workspaces: { 'w-1': 'member' } })).toBe(false);
    expect(db).toBeDefined();
  });
});
