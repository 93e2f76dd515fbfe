'use client';

import { useState } from 'react';
import { api } from '@/lib/shared/client';
import { runNoted, Said, type Note } from '@/app/Said';
import type { ResponseOf } from '@/lib/shared/api/contract';
import TableHead from '@/app/TableHead';
import CopyButton from '@/app/CopyButton';
import When from '@/app/When';

type Workspace = ResponseOf<'getWorkspace'>;
type Member = ResponseOf<'listMembers'>['members'][number];
type Invite = ResponseOf<'listInvites'>['invites'][number];

const ROLE_HELP = { admin: 'Admin: members, settings, every video', member: 'Member: records, watches, comments', viewer: 'Viewer: watches and comments' } as const;
const VISIBILITY = { private: 'Only the owner', workspace: 'People in the workspace', link: 'Anyone with the link', public: 'Public' } as const;
const COMMENTS = { signed_in: 'Signed-in viewers', anyone: 'Anyone (guests give a name)', nobody: 'Nobody' } as const;


/** Settings → Workspace: general settings and domains, members with roles, invites (admins act; members see). */
export default function WorkspaceSettings(props: { workspace: Workspace; members: Member[]; invites: Invite[]; me: string; smtp: boolean }) {
  const [ws, setWs] = useState(props.workspace);
  const [members, setMembers] = useState(props.members);
  const [invites, setInvites] = useState(props.invites);
  const [generalNote, setGeneralNote] = useState<Note>(null);
  const [memberNote, setMemberNote] = useState<Note>(null);
  const [inviteNote, setInviteNote] = useState<Note>(null);
  const [lastInvite, setLastInvite] = useState<string | null>(null);
  const admin = ws.role === 'admin';

  const run = runNoted;
  const reloadInvites = async () => setInvites((await api.call('listInvites', { params: { id: ws.id } })).invites);

  return (
    <>
      <section className="section" aria-labelledby="ws-general">
        <h2 id="ws-general">{ws.name}</h2>
        <p className="muted small">Your role: {ROLE_HELP[ws.role]}.</p>
        {admin && (
          <form
            className="form-grid"
            data-testid="workspace-form"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              void run(setGeneralNote, async () => {
                const next = await api.call('updateWorkspace', {
                  params: { id: ws.id },
                  body: {
                    name: String(f.get('name') ?? ''),
                    defaultVisibility: f.get('defaultVisibility') as Workspace['defaultVisibility'],
                    defaultComments: f.get('defaultComments') as Workspace['defaultComments'],
                    joinDomains: String(f.get('joinDomains') ?? '')
                      .split(/[\s,]+/)
                      .filter(Boolean),
                  },
                });
                setWs(next);
                return 'Saved.';
              });
            }}
          >
            <label>
              Name
              <input name="name" defaultValue={ws.name} required maxLength={100} data-testid="workspace-name" />
            </label>
            <label>
              New videos are visible to
              <select name="defaultVisibility" defaultValue={ws.defaultVisibility} data-testid="workspace-default-visibility">
                {Object.entries(VISIBILITY).map(([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Who may comment on new videos
              <select name="defaultComments" defaultValue={ws.defaultComments} data-testid="workspace-default-comments">
                {Object.entries(COMMENTS).map(([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Anyone with a verified address at these domains may join
              <input name="joinDomains" defaultValue={ws.joinDomains.join(', ')} placeholder="example.com, example.org" data-testid="workspace-domains" />
              <span className="muted small" style={{ fontWeight: 400 }}>
                Addresses are verified by single sign-on or by an invite. Leave empty to let people in by invite only.
              </span>
            </label>
            <div className="row">
              <button type="submit" className="button button-primary" data-testid="workspace-save">
                Save
              </button>
              <Said note={generalNote} testId="workspace-message" />
            </div>
          </form>
        )}
      </section>

      <section className="section" aria-labelledby="ws-members">
        <h2 id="ws-members">Members</h2>
        <div className="table-scroll">
          <table className="table" data-testid="members">
            <TableHead columns={['Name', 'E-mail', 'Role', null]} />
            <tbody>
              {members.map((m) => (
                <tr key={m.userId} data-testid="member-row">
                  <td>
                    {m.name}
                    {m.disabled && <span className="muted small"> (disabled)</span>}
                  </td>
                  <td>{m.email}</td>
                  <td>
                    {admin ? (
                      <select
                        aria-label={`Role of ${m.name}`}
                        value={m.role}
                        data-testid="member-role"
                        onChange={(e) => {
                          const role = e.target.value as Member['role'];
                          void run(setMemberNote, async () => {
                            await api.call('updateMember', { params: { id: ws.id, userId: m.userId }, body: { role } });
                            setMembers((ms) => ms.map((x) => (x.userId === m.userId ? { ...x, role } : x)));
                            return `${m.name} is now ${role === 'admin' ? 'an admin' : `a ${role}`}.`;
                          });
                        }}
                      >
                        <option value="admin">Admin</option>
                        <option value="member">Member</option>
                        <option value="viewer">Viewer</option>
                      </select>
                    ) : (
                      <span style={{ textTransform: 'capitalize' }}>{m.role}</span>
                    )}
                  </td>
                  <td>
                    {(admin || m.userId === props.me) && (
                      <button
                        type="button"
                        className="button button-small"
                        data-testid="member-remove"
                        onClick={() =>
                          run(setMemberNote, async () => {
                            await api.call('removeMember', { params: { id: ws.id, userId: m.userId } });
                            if (m.userId === props.me) {
                              // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load on purpose: the session or workspace changed, and every server-rendered part must follow
                              window.location.assign('/');
                              return null;
                            }
                            setMembers((ms) => ms.filter((x) => x.userId !== m.userId));
                            return `${m.name} was removed. Their videos stay in the workspace.`;
                          })
                        }
                      >
                        {m.userId === props.me ? 'Leave' : 'Remove'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Said note={memberNote} testId="member-message" />
      </section>

      {admin && (
        <section className="section" aria-labelledby="ws-invites">
          <h2 id="ws-invites">Invite people</h2>
          <p className="muted small">
            {props.smtp ? 'The invitee gets an e-mail with a link that works once, for 7 days.' : 'No e-mail is set up on this Weft: copy the link and send it yourself. It works once, for 7 days.'}
          </p>
          <form
            className="inline-form"
            data-testid="invite-form"
            onSubmit={(e) => {
              e.preventDefault();
              const form = e.currentTarget;
              const f = new FormData(form);
              void run(setInviteNote, async () => {
                const r = await api.call('createInvite', { params: { id: ws.id }, body: { email: String(f.get('email') ?? ''), role: f.get('role') as Member['role'] } });
                form.reset();
                setLastInvite(r.url);
                await reloadInvites();
                return r.emailed ? 'Invite sent.' : 'Invite made: copy its link below.';
              });
            }}
          >
            <label>
              E-mail
              <input name="email" type="email" required placeholder="name@example.com" data-testid="invite-email" />
            </label>
            <label>
              Role
              <select name="role" defaultValue="member" data-testid="invite-role">
                <option value="member">Member</option>
                <option value="viewer">Viewer</option>
                <option value="admin">Admin</option>
              </select>
            </label>
            <button type="submit" className="button button-primary" data-testid="invite-submit">
              Invite
            </button>
          </form>
          <Said note={inviteNote} testId="invite-message" />
          {lastInvite && (
            <div className="share" data-testid="invite-link">
              <input className="link-url" readOnly value={lastInvite} aria-label="Invite link" onFocus={(e) => e.currentTarget.select()} style={{ flex: 1 }} />
              <CopyButton text={lastInvite} className="button button-small" testId="invite-copy" />
            </div>
          )}
          {invites.length > 0 && (
            <div className="table-scroll">
              <table className="table" data-testid="invites">
                <TableHead columns={['E-mail', 'Role', 'State', null]} />
                <tbody>
                  {invites.map((i) => (
                    <tr key={i.id} data-testid="invite-row">
                      <td>{i.email}</td>
                      <td style={{ textTransform: 'capitalize' }}>{i.role}</td>
                      <td>{i.state === 'pending' ? <When iso={i.expiresAt} prefix="Open, expires " /> : i.state}</td>
                      <td>
                        {i.state === 'pending' && (
                          <span className="row">
                            {i.url && <CopyButton text={i.url} className="button button-small" testId="invite-row-copy" />}
                            <button
                              type="button"
                              className="button button-small"
                              data-testid="invite-revoke"
                              onClick={() =>
                                run(setInviteNote, async () => {
                                  await api.call('revokeInvite', { params: { id: ws.id, inviteId: i.id } });
                                  await reloadInvites();
                                  return 'Invite withdrawn.';
                                })
                              }
                            >
                              Withdraw
                            </button>
                          </span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
