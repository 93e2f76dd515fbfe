import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, call, signUpVia, type Caller } from '../helpers/client';
import { BACKENDS, createTestDatabase, postgresAvailable, tempDir, type TestDatabase } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { sseReader } from '../helpers/sse';
import { plainText, startSmtp } from '../helpers/smtp';

const pgUp = await postgresAvailable();

interface Mail {
  to: string;
  text: string;
}

const linkIn = (m: Mail, path: string) => {
  const found = new RegExp(`https?://[^\\s<>"]+${path.replace(/[/?]/g, (c) => `\\${c}`)}[^\\s<>"]+`).exec(m.text);
  if (!found) throw new Error(`no ${path} link in: ${m.text.slice(0, 400)}`);
  return found[0];
};

/**
 * The team layer over HTTP, on a server with sign-up closed and an SMTP server of the test's own
 * (smtp-server): invites by e-mail (and their single use, revocation, wrong account), roles
 * (a viewer cannot record), the workspace visibility across surfaces, named people, folders, a
 * removed member and a disabled account losing access at once (API, event stream), and the
 * password reset by e-mail.
 */
for (const kind of BACKENDS) {
  const d = kind === 'postgres' && !pgUp ? describe.skip : describe;
  d(`teams [${kind}]`, () => {
    let server: RunningServer;
    let dir: string;
    let testDb: TestDatabase | undefined;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    /** Every message received so far, as text. */
    const sent = (): Mail[] => smtp.mails.map((m) => ({ to: m.to, text: plainText(m.data) }));
    let admin: Caller & { email: string };
    let team = '';
    const who: Record<string, Caller & { email: string }> = {};

    const json = async <T,>(res: Response | Promise<Response>): Promise<T> => (await (await res).json()) as T;
    const codeOf = async (res: Response | Promise<Response>) => {
      const r = await res;
      const body = r.status === 204 ? null : ((await r.json().catch(() => null)) as { error?: { code: string } } | null);
      return `${r.status} ${body?.error?.code ?? ''}`.trim();
    };
    const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const mailTo = async (email: string, about?: RegExp) => {
      const end = Date.now() + 15_000;
      for (;;) {
        const m = sent().find((x) => x.to === email && (!about || about.test(x.text)));
        if (m) return m;
        if (Date.now() > end) throw new Error(`no e-mail to ${email}; got ${sent().map((x) => x.to).join(', ')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    /** Invites `email` to the team with `role` and accepts by making an account from the e-mailed link. */
    const join = async (name: string, role: 'admin' | 'member' | 'viewer') => {
      const email = `${name.toLowerCase()}-${kind}@example.com`;
      expect(await codeOf(call(server.url, admin, `/api/v1/workspaces/${team}/invites`, { method: 'POST', body: { email, role } }))).toBe('201');
      const token = decodeURIComponent(linkIn(await mailTo(email), '/invite/').split('/invite/')[1]!);
      const res = await call(server.url, ANON, `/api/v1/invites/${encodeURIComponent(token)}/accept`, { method: 'POST', body: { name, password: 'correct horse battery' } });
      expect(res.status, await res.clone().text()).toBe(200);
      who[name] = { cookie: cookieOf(res), email, userId: ((await res.json()) as { user: { id: string } }).user.id };
      return { token, caller: who[name]! };
    };
    const record = async (c: Caller, title: string) =>
      json<{ videoId: string }>(call(server.url, c, '/api/v1/recordings', { method: 'POST', body: { title, mode: 'screen' } })).then((r) => r.videoId);
    const status = async (c: Caller, videoId: string) => (await call(server.url, c, `/api/v1/videos/${videoId}`)).status;

    beforeAll(async () => {
      smtp = await startSmtp();
      dir = tempDir(`teams-${kind}`);
      const env: Record<string, string> = {
        WEFT_SIGNUP: 'closed',
        WEFT_SMTP_URL: smtp.url,
        WEFT_MAIL_FROM: 'Weft <weft@example.com>',
        WEFT_TRUSTED_PROXIES: '1',
      };
      if (kind === 'postgres') {
        testDb = await createTestDatabase('postgres');
        env.DATABASE_URL = testDb.url!;
      }
      server = await startServer(dir, env);
      admin = await signUpVia(server.url, 'Admin');
      const ws = await json<{ workspaces: Array<{ id: string; name: string; role: string }>; currentId: string }>(call(server.url, admin, '/api/v1/workspaces'));
      expect(ws.workspaces).toEqual([{ id: ws.currentId, name: 'Team', role: 'admin' }]);
      team = ws.currentId;
    }, 120_000);

    afterAll(async () => {
      await server?.stop();
      await testDb?.destroy();
      await smtp.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('sign-up is closed; an e-mailed invite brings people in with a role, once', async () => {
      await expect(signUpVia(server.url, 'Stranger')).rejects.toThrow(/403/);
      const { token } = await join('Mia', 'member');
      const mail = sent().find((m) => m.to === who.Mia!.email)!;
      expect(mail.text).toMatch(/Admin invited you to join “Team” on Weft \(127\.0\.0\.1:\d+\) as a member/);
      expect(await codeOf(call(server.url, ANON, `/api/v1/invites/${encodeURIComponent(token)}`))).toBe('410 invite_used');
      expect(await codeOf(call(server.url, ANON, `/api/v1/invites/${encodeURIComponent(token)}/accept`, { method: 'POST', body: { name: 'Again', password: 'correct horse battery' } }))).toBe('410 invite_used');
      await join('Vic', 'viewer');
      await join('Rex', 'member');
      const members = await json<{ members: Array<{ name: string; role: string }> }>(call(server.url, who.Mia!, `/api/v1/workspaces/${team}/members`));
      expect(members.members.map((m) => `${m.name}:${m.role}`).sort()).toEqual(['Admin:admin', 'Mia:member', 'Rex:member', 'Vic:viewer']);
      // what an invite says before anyone accepts it
      const r = await json<{ url: string }>(call(server.url, admin, `/api/v1/workspaces/${team}/invites`, { method: 'POST', body: { email: 'ola@example.com', role: 'viewer' } }));
      const t = r.url.split('/invite/')[1]!;
      expect(await json(call(server.url, ANON, `/api/v1/invites/${t}`))).toEqual({ workspace: { id: team, name: 'Team' }, email: 'ola@example.com', role: 'viewer', video: null });
      // a member may not invite; a member of the workspace cannot be invited again
      expect(await codeOf(call(server.url, who.Mia!, `/api/v1/workspaces/${team}/invites`, { method: 'POST', body: { email: 'x@example.com', role: 'admin' } }))).toBe('403 forbidden');
      expect(await codeOf(call(server.url, admin, `/api/v1/workspaces/${team}/invites`, { method: 'POST', body: { email: who.Mia!.email, role: 'member' } }))).toBe('409 already_member');
    });

    it('an invite withdrawn, an unknown one, and one accepted by the wrong account are refused', async () => {
      const r = await json<{ id: string; url: string }>(call(server.url, admin, `/api/v1/workspaces/${team}/invites`, { method: 'POST', body: { email: 'gone@example.com', role: 'member' } }));
      expect(await codeOf(call(server.url, admin, `/api/v1/workspaces/${team}/invites/${r.id}`, { method: 'DELETE' }))).toBe('204');
      const t = r.url.split('/invite/')[1]!;
      expect(await codeOf(call(server.url, ANON, `/api/v1/invites/${t}/accept`, { method: 'POST', body: { name: 'G', password: 'correct horse battery' } }))).toBe('410 invite_revoked');
      expect(await codeOf(call(server.url, ANON, '/api/v1/invites/not-a-real-token'))).toBe('404 invite_invalid');
      const other = await json<{ url: string }>(call(server.url, admin, `/api/v1/workspaces/${team}/invites`, { method: 'POST', body: { email: 'someone@example.com', role: 'member' } }));
      expect(await codeOf(call(server.url, who.Mia!, `/api/v1/invites/${other.url.split('/invite/')[1]!}/accept`, { method: 'POST' }))).toBe('403 invite_wrong_account');
      // the list shows each state
      const list = await json<{ invites: Array<{ email: string; state: string; url: string | null }> }>(call(server.url, admin, `/api/v1/workspaces/${team}/invites`));
      expect(list.invites.find((i) => i.email === 'gone@example.com')).toMatchObject({ state: 'revoked', url: null });
      expect(list.invites.find((i) => i.email === who.Mia!.email)).toMatchObject({ state: 'accepted', url: null });
      expect(list.invites.find((i) => i.email === 'someone@example.com')?.url).toBe(other.url);
    });

    it('a viewer watches and comments but cannot record; the workspace visibility opens a video to members only', async () => {
      expect(await codeOf(call(server.url, who.Vic!, '/api/v1/recordings', { method: 'POST', body: { title: 'no' } }))).toBe('403 forbidden');
      // the recorder page says so before anyone starts, and the header offers no Record button
      const recordPage = await (await call(server.url, who.Vic!, '/record')).text();
      expect(recordPage).toContain('data-testid="record-not-allowed"');
      expect(recordPage).not.toContain('href="/record"');
      const id = await record(who.Mia!, 'Roadmap for the team');
      expect(await codeOf(call(server.url, who.Mia!, `/api/v1/videos/${id}`, { method: 'PATCH', body: { visibility: 'workspace' } }))).toBe('200');
      const outsider = (await join('Out', 'member')).caller; // then leaves: an account outside the workspace
      expect(await codeOf(call(server.url, outsider, `/api/v1/workspaces/${team}/members/${outsider.userId}`, { method: 'DELETE' }))).toBe('204');
      expect({ admin: await status(admin, id), mia: await status(who.Mia!, id), vic: await status(who.Vic!, id), rex: await status(who.Rex!, id), out: await status(outsider, id), anon: await status(ANON, id) }).toEqual({
        admin: 200,
        mia: 200,
        vic: 200,
        rex: 200,
        out: 404,
        anon: 404,
      });
      // comments follow it: a viewer may comment, an outsider cannot even read them
      expect(await codeOf(call(server.url, who.Vic!, `/api/v1/videos/${id}/comments`, { method: 'POST', body: { text: 'Looks good', atSec: 0 } }))).toBe('201');
      expect(await codeOf(call(server.url, outsider, `/api/v1/videos/${id}/comments`))).toBe('404 video_not_found');
      // the library's workspace shelf and search list it for members, not for the outsider
      const shelf = await json<{ videos: Array<{ id: string; canManage: boolean }> }>(call(server.url, who.Vic!, `/api/v1/videos?scope=workspace`));
      expect(shelf.videos.map((v) => [v.id, v.canManage])).toContainEqual([id, false]);
      const hits = async (c: Caller) => (await json<{ results: Array<{ videoId: string }> }>(call(server.url, c, '/api/v1/search?q=roadmap'))).results.map((h) => h.videoId);
      expect(await hits(who.Rex!)).toContain(id);
      expect(await hits(outsider)).not.toContain(id);
      // insights: the owner and workspace admins manage it; a member does not
      expect((await call(server.url, admin, `/api/v1/videos/${id}/insights`)).status).toBe(200);
      expect((await call(server.url, who.Rex!, `/api/v1/videos/${id}/insights`)).status).not.toBe(200);
      // oEmbed of a workspace video says nothing to anyone outside
      expect((await call(server.url, ANON, `/api/v1/oembed?url=${encodeURIComponent(`${server.url}/v/${id}`)}`)).status).toBe(404);
    });

    it('named people watch a private video; a new address is invited to it and gets an account, not the workspace', async () => {
      const id = await record(who.Mia!, 'Just for two');
      expect(await codeOf(call(server.url, who.Mia!, `/api/v1/videos/${id}`, { method: 'PATCH', body: { visibility: 'private' } }))).toBe('200');
      expect(await status(who.Rex!, id)).toBe(404);
      const added = await json<{ id: string; joined: boolean; inviteUrl: string | null; emailed: boolean }>(call(server.url, who.Mia!, `/api/v1/videos/${id}/people`, { method: 'POST', body: { email: who.Rex!.email } }));
      expect(added).toMatchObject({ joined: true, inviteUrl: null, emailed: true });
      expect(await status(who.Rex!, id)).toBe(200);
      expect(await status(who.Vic!, id)).toBe(404); // still private to everyone else
      const shared = await json<{ videos: Array<{ id: string }> }>(call(server.url, who.Rex!, '/api/v1/videos?scope=shared'));
      expect(shared.videos.map((v) => v.id)).toEqual([id]);
      // an address without an account: invited by e-mail to this video only
      const guest = 'guest@example.org';
      const inv = await json<{ inviteUrl: string }>(call(server.url, who.Mia!, `/api/v1/videos/${id}/people`, { method: 'POST', body: { email: guest } }));
      const mail = await mailTo(guest);
      expect(mail.text).toContain('Mia shared a video with you');
      expect(linkIn(mail, '/invite/')).toBe(inv.inviteUrl);
      const token = inv.inviteUrl.split('/invite/')[1]!;
      expect(await json(call(server.url, ANON, `/api/v1/invites/${token}`))).toMatchObject({ email: guest, video: { id, title: 'Just for two' } });
      const res = await call(server.url, ANON, `/api/v1/invites/${token}/accept`, { method: 'POST', body: { name: 'Gus', password: 'correct horse battery' } });
      expect(res.status).toBe(200);
      const gus: Caller = { cookie: cookieOf(res) };
      expect(await status(gus, id)).toBe(200);
      const spaces = await json<{ workspaces: Array<{ id: string; name: string }> }>(call(server.url, gus, '/api/v1/workspaces'));
      expect(spaces.workspaces.map((w) => w.name)).toEqual(['Gus’s workspace']);
      // removing Rex ends his access
      const people = await json<{ people: Array<{ id: string; email: string }> }>(call(server.url, who.Mia!, `/api/v1/videos/${id}/people`));
      const rex = people.people.find((p) => p.email === who.Rex!.email)!;
      expect(await codeOf(call(server.url, who.Mia!, `/api/v1/videos/${id}/people/${rex.id}`, { method: 'DELETE' }))).toBe('204');
      expect(await status(who.Rex!, id)).toBe(404);
      // only the video's managers name people
      expect(await codeOf(call(server.url, who.Vic!, `/api/v1/videos/${id}/people`, { method: 'POST', body: { email: 'x@example.com' } }))).toBe('404 video_not_found');
    });

    it('a members-only folder narrows a workspace video to the members listed on it', async () => {
      const id = await record(who.Mia!, 'Hiring plan');
      await call(server.url, who.Mia!, `/api/v1/videos/${id}`, { method: 'PATCH', body: { visibility: 'workspace' } });
      expect(await codeOf(call(server.url, who.Vic!, `/api/v1/workspaces/${team}/folders`, { method: 'POST', body: { name: 'Nope', access: 'open' } }))).toBe('403 forbidden');
      const folder = await json<{ id: string; members: string[] }>(
        call(server.url, who.Mia!, `/api/v1/workspaces/${team}/folders`, { method: 'POST', body: { name: 'Leads', access: 'members', members: [who.Rex!.userId!] } }),
      );
      expect(folder.members.sort()).toEqual([who.Mia!.userId!, who.Rex!.userId!].sort());
      expect(await codeOf(call(server.url, who.Mia!, `/api/v1/videos/${id}/folder`, { method: 'PUT', body: { folderId: folder.id } }))).toBe('200');
      expect({ rex: await status(who.Rex!, id), vic: await status(who.Vic!, id), admin: await status(admin, id) }).toEqual({ rex: 200, vic: 404, admin: 200 });
      const folders = async (c: Caller) => (await json<{ folders: Array<{ id: string }> }>(call(server.url, c, `/api/v1/workspaces/${team}/folders`))).folders.map((f) => f.id);
      expect(await folders(who.Vic!)).not.toContain(folder.id);
      expect(await codeOf(call(server.url, who.Vic!, `/api/v1/videos?scope=folder&folderId=${folder.id}`))).toBe('404 not_found');
      const inFolder = await json<{ videos: Array<{ id: string }> }>(call(server.url, who.Rex!, `/api/v1/videos?scope=folder&folderId=${folder.id}`));
      expect(inFolder.videos.map((v) => v.id)).toEqual([id]);
      expect(await codeOf(call(server.url, who.Mia!, `/api/v1/folders/${folder.id}`, { method: 'PATCH', body: { members: [who.Mia!.userId!, who.Vic!.userId!] } }))).toBe('200');
      expect({ rex: await status(who.Rex!, id), vic: await status(who.Vic!, id) }).toEqual({ rex: 404, vic: 200 });
    });

    it('a removed member loses the workspace at once — the API and an open event stream — and their videos stay', async () => {
      const id = await record(who.Rex!, 'Rex explains');
      await call(server.url, who.Rex!, `/api/v1/videos/${id}`, { method: 'PATCH', body: { visibility: 'workspace' } });
      const w = await record(who.Mia!, 'For everyone');
      await call(server.url, who.Mia!, `/api/v1/videos/${w}`, { method: 'PATCH', body: { visibility: 'workspace' } });
      const stream = await fetch(`${server.url}/api/v1/videos/${w}/events`, { headers: { cookie: who.Rex!.cookie! } });
      expect(stream.status).toBe(200);
      const events = sseReader(stream);
      await events.until(() => events.text().includes('event: video'), 5000);
      // the last admin cannot be demoted or removed
      expect(await codeOf(call(server.url, admin, `/api/v1/workspaces/${team}/members/${admin.userId}`, { method: 'PATCH', body: { role: 'member' } }))).toBe('409 last_admin');
      expect(await codeOf(call(server.url, who.Mia!, `/api/v1/workspaces/${team}/members/${who.Rex!.userId}`, { method: 'DELETE' }))).toBe('403 forbidden');
      expect(await codeOf(call(server.url, admin, `/api/v1/workspaces/${team}/members/${who.Rex!.userId}`, { method: 'DELETE' }))).toBe('204');
      expect(await status(who.Rex!, w)).toBe(404);
      expect(await status(who.Rex!, id)).toBe(404); // his own video stays with the workspace
      expect(await status(who.Mia!, id)).toBe(200);
      const managed = await json<{ canManage: boolean }>(call(server.url, admin, `/api/v1/videos/${id}`));
      expect(managed.canManage).toBe(true);
      await events.until(() => events.text().includes('access_ended') || events.closed(), 12_000);
      expect(events.text()).toContain('event: access_ended');
    });

    it('a disabled account is signed out at once and cannot log in; enabled again, it can', async () => {
      const { caller: dan } = await join('Dan', 'member');
      const id = await record(dan, 'Dan’s');
      expect((await call(server.url, dan, '/api/v1/auth/me')).status).toBe(200);
      const token = await json<{ token: string }>(call(server.url, dan, '/api/v1/tokens', { method: 'POST', body: { name: 'script' } }));
      expect(await codeOf(call(server.url, who.Mia!, `/api/v1/admin/users/${dan.userId}`, { method: 'PATCH', body: { disabled: true } }))).toBe('403 forbidden');
      const users = await json<{ users: Array<{ email: string; disabled: boolean }> }>(call(server.url, admin, '/api/v1/admin/users'));
      expect(users.users.map((u) => u.email)).toContain(dan.email);
      expect(await codeOf(call(server.url, admin, `/api/v1/admin/users/${dan.userId}`, { method: 'PATCH', body: { disabled: true } }))).toBe('200');
      expect(await codeOf(call(server.url, dan, '/api/v1/auth/me'))).toBe('401 unauthorized');
      expect(await codeOf(call(server.url, { bearer: token.token }, '/api/v1/auth/me'))).toBe('401 unauthorized');
      const login = (password = 'correct horse battery') => call(server.url, ANON, '/api/v1/auth/login', { method: 'POST', body: { email: dan.email, password } });
      expect(await codeOf(login())).toBe('403 account_disabled');
      expect(await status(admin, id)).toBe(200); // the video stays
      expect(await codeOf(call(server.url, admin, `/api/v1/admin/users/${dan.userId}`, { method: 'PATCH', body: { disabled: false } }))).toBe('200');
      expect(await codeOf(login())).toBe('200');
      expect(await codeOf(call(server.url, { bearer: token.token }, '/api/v1/auth/me'))).toBe('200');
    });

    it('password reset: 202 for any address, a single-use link by e-mail, every session ends', async () => {
      const before = smtp.mails.length;
      expect(await codeOf(call(server.url, ANON, '/api/v1/auth/password-reset', { method: 'POST', body: { email: 'nobody@example.com' } }))).toBe('202');
      expect(await codeOf(call(server.url, ANON, '/api/v1/auth/password-reset', { method: 'POST', body: { email: who.Vic!.email } }))).toBe('202');
      const mail = await mailTo(who.Vic!.email, /reset your password/i);
      expect(sent().slice(before).some((m) => m.to === 'nobody@example.com')).toBe(false);
      const link = linkIn(mail, '/reset-password?token=');
      const token = decodeURIComponent(new URL(link).searchParams.get('token')!);
      const res = await call(server.url, ANON, '/api/v1/auth/password-reset/confirm', { method: 'POST', body: { token, password: 'a brand new secret' } });
      expect(res.status).toBe(200);
      expect(await codeOf(call(server.url, who.Vic!, '/api/v1/auth/me'))).toBe('401 unauthorized'); // the old session ended
      expect((await call(server.url, { cookie: cookieOf(res) }, '/api/v1/auth/me')).status).toBe(200);
      expect(await codeOf(call(server.url, ANON, '/api/v1/auth/password-reset/confirm', { method: 'POST', body: { token, password: 'another new one' } }))).toBe('400 reset_link_invalid');
      who.Vic = { ...who.Vic!, cookie: cookieOf(res) };
      // a flood of requests for one address is held
      const codes: string[] = [];
      for (let i = 0; i < 4; i++) codes.push(await codeOf(call(server.url, ANON, '/api/v1/auth/password-reset', { method: 'POST', body: { email: 'flood@example.com' } })));
      expect(codes).toEqual(['202', '202', '202', '429 too_many_attempts']);
    });

    it('change password: the current one is required, the other sessions end', async () => {
      const vic = who.Vic!;
      const other = await call(server.url, ANON, '/api/v1/auth/login', { method: 'POST', body: { email: vic.email, password: 'a brand new secret' } });
      const otherSession: Caller = { cookie: cookieOf(other) };
      expect(await codeOf(call(server.url, vic, '/api/v1/auth/password', { method: 'POST', body: { currentPassword: 'wrong', password: 'changed again!' } }))).toBe('401 invalid_credentials');
      expect(await codeOf(call(server.url, vic, '/api/v1/auth/password', { method: 'POST', body: { currentPassword: 'a brand new secret', password: 'changed again!' } }))).toBe('204');
      expect((await call(server.url, vic, '/api/v1/auth/me')).status).toBe(200);
      expect((await call(server.url, otherSession, '/api/v1/auth/me')).status).toBe(401);
    });

    it('workspaces: made when the instance allows, switched, joined by a domain rule only with a verified address', async () => {
      const made = await json<{ id: string; role: string }>(call(server.url, who.Mia!, '/api/v1/workspaces', { method: 'POST', body: { name: 'Side project' } }));
      expect(made.role).toBe('admin');
      expect(await codeOf(call(server.url, who.Mia!, `/api/v1/workspaces/${made.id}/switch`, { method: 'POST' }))).toBe('204');
      const rec = await record(who.Mia!, 'In the side project');
      expect(await json<{ workspaceId: string }>(call(server.url, who.Mia!, `/api/v1/videos/${rec}`))).toMatchObject({ workspaceId: made.id });
      expect(await codeOf(call(server.url, who.Rex!, `/api/v1/workspaces/${made.id}/switch`, { method: 'POST' }))).toBe('404 workspace_not_found');
      // a domain rule: Vic's address was proven by her invite
      const domain = who.Vic!.email.split('@')[1]!;
      expect(await codeOf(call(server.url, who.Mia!, `/api/v1/workspaces/${made.id}`, { method: 'PATCH', body: { joinDomains: [domain] } }))).toBe('200');
      const list = await json<{ joinable: Array<{ id: string }> }>(call(server.url, who.Vic!, '/api/v1/workspaces'));
      expect(list.joinable.map((w) => w.id)).toContain(made.id);
      expect(await codeOf(call(server.url, who.Vic!, `/api/v1/workspaces/${made.id}/join`, { method: 'POST' }))).toBe('200');
      expect(await codeOf(call(server.url, admin, `/api/v1/workspaces/${made.id}`, { method: 'PATCH', body: { name: 'x' } }))).toBe('404 workspace_not_found');
    });

    it('the team writers without a throttle of their own share one: 120 changes per account per 10 minutes', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 125; i++) statuses.push((await call(server.url, who.Vic!, `/api/v1/workspaces/${team}/switch`, { method: 'POST' })).status);
      // one of Vic's 120 went on joining by the domain rule above
      expect(statuses.slice(0, 119).every((s) => s === 204)).toBe(true);
      expect(statuses.slice(119)).toEqual([429, 429, 429, 429, 429, 429]);
      const last = await call(server.url, who.Vic!, `/api/v1/workspaces/${team}/switch`, { method: 'POST' });
      expect(last.status).toBe(429);
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
      // another account is not held
      expect((await call(server.url, who.Mia!, `/api/v1/workspaces/${team}/switch`, { method: 'POST' })).status).toBe(204);
    });
  });
}
