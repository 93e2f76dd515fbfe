import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { currentPrincipal, viewerOf } from '@/lib/server/http/auth';
import { baseUrlOf } from '@/lib/server/http/origin';
import { deps } from '@/lib/server/deps';
import { getWorkspace, inviteUrl, listInvites, listMembers } from '@/lib/library/teams';
import SettingsNav from '../SettingsNav';
import WorkspaceSettings from './WorkspaceSettings';

export const metadata: Metadata = { title: 'Workspace settings' };
export const dynamic = 'force-dynamic';

/** The current workspace: its members and roles, invites, domains and defaults (admins change them). */
export default async function WorkspaceSettingsPage() {
  const req = { headers: await headers() };
  const user = await currentPrincipal(req);
  if (!user) redirect('/login?next=/settings/workspace');
  const { db, signingKey, clock } = deps();
  const viewer = viewerOf(user);
  const id = user.currentWorkspaceId;
  if (!id) {
    return (
      <>
        <h1>Settings</h1>
        <SettingsNav current="workspace" admin={user.role === 'admin'} />
        <p className="panel empty">You are not in any workspace. Ask an admin of one for an invite.</p>
      </>
    );
  }
  const ws = await getWorkspace(db, viewer, id);
  const admin = ws.role === 'admin';
  const base = baseUrlOf(req);
  const members = (await listMembers(db, viewer, id)).map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }));
  const invites = admin
    ? (await listInvites(db, viewer, id, signingKey, clock)).map(({ token, ...r }) => ({ ...r, url: token ? inviteUrl(base, token) : null, expiresAt: r.expiresAt.toISOString(), createdAt: r.createdAt.toISOString() }))
    : [];
  return (
    <>
      <h1>Settings</h1>
      <SettingsNav current="workspace" admin={user.role === 'admin'} />
      <WorkspaceSettings workspace={ws} members={members} invites={invites} me={user.userId} smtp={deps().mailer !== undefined} />
    </>
  );
}
