import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type DatabaseTarget } from '@/lib/platform/db/client';
import { BACKENDS, createTestDatabase, postgresAvailable, tempDir, type TestDatabase } from '../helpers/databases';

const pgUp = await postgresAvailable();

/**
 * An instance from before workspaces is upgraded: its accounts and videos (on the schema of the
 * release before, migrations up to 0018) become one workspace, "Team", its admins that
 * workspace's admins, everyone else members, every video in it, everyone working in it.
 */
for (const kind of BACKENDS) {
  const d = kind === 'postgres' && !pgUp ? describe.skip : describe;
  d(`the teams migration on an existing instance [${kind}]`, () => {
    const work = tempDir('teams-migration');
    let pg: TestDatabase | undefined;
    afterAll(async () => {
      await pg?.destroy();
      fs.rmSync(work, { recursive: true, force: true });
    });

    it('puts every account and video in one workspace, the admins its admins', async () => {
      // the migrations of the release before: those before 0019
      const before = path.join(work, 'drizzle-before');
      fs.cpSync(path.resolve('drizzle'), before, { recursive: true });
      const journalPath = path.join(before, 'meta', '_journal.json');
      const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
      journal.entries = journal.entries.filter((e) => e.tag < '0019');
      fs.writeFileSync(journalPath, JSON.stringify(journal));
      let target: DatabaseTarget;
      if (kind === 'postgres') {
        pg = await createTestDatabase('postgres');
        target = { kind: 'postgres', url: pg.url! };
      } else target = { kind: 'pglite', dir: path.join(work, 'db') };

      const old = await openDatabase(target, { migrationsDir: before });
      await old.db.execute(sql`insert into users (id, email, name, password_hash, role) values
        ('00000000-0000-4000-8000-00000000000a', 'root@example.com', 'Root', 'scrypt$x', 'admin'),
        ('00000000-0000-4000-8000-00000000000b', 'bo@example.com', 'Bo', 'scrypt$x', 'member')`);
      await old.db.execute(sql`insert into videos (id, title, owner_id, visibility) values
        ('00000000-0000-4000-8000-0000000000a1', 'Root’s', '00000000-0000-4000-8000-00000000000a', 'private'),
        ('00000000-0000-4000-8000-0000000000b1', 'Bo’s', '00000000-0000-4000-8000-00000000000b', 'link'),
        ('00000000-0000-4000-8000-0000000000c1', 'From before accounts', null, 'public')`);
      await old.close();

      const now = await openDatabase(target);
      try {
        const spaces = await queryRows<{ id: string; name: string }>(now.db, sql`select id::text, name from workspaces`);
        expect(spaces.map((w) => w.name)).toEqual(['Team']);
        const team = spaces[0]!.id;
        expect(await queryRows(now.db, sql`select u.email, m.role, u.current_workspace_id::text as current from workspace_members m join users u on u.id = m.user_id order by u.email`)).toEqual([
          { email: 'bo@example.com', role: 'member', current: team },
          { email: 'root@example.com', role: 'admin', current: team },
        ]);
        expect(await queryRows(now.db, sql`select title, workspace_id::text as ws, visibility from videos order by title`)).toEqual([
          { title: 'Bo’s', ws: team, visibility: 'link' },
          { title: 'From before accounts', ws: team, visibility: 'public' },
          { title: 'Root’s', ws: team, visibility: 'private' },
        ]);
      } finally {
        await now.close();
      }
    });
  });
}
