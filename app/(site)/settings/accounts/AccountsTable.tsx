'use client';

import { useState } from 'react';
import { api, errorMessage } from '@/lib/shared/client';
import type { ResponseOf } from '@/lib/shared/api/contract';
import TableHead from '@/app/TableHead';
import When from '@/app/When';

type Account = ResponseOf<'listAccounts'>['users'][number];

export default function AccountsTable({ initial, me }: { initial: Account[]; me: string }) {
  const [rows, setRows] = useState(initial);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  return (
    <>
      <div className="table-scroll">
        <table className="table" data-testid="accounts">
          <TableHead columns={['Name', 'E-mail', 'Signs in with', 'Since', null]} />
          <tbody>
            {rows.map((a) => (
              <tr key={a.id} data-testid="account-row">
                <td>
                  {a.name}
                  {a.role === 'admin' && <span className="badge" style={{ marginLeft: 6 }}>admin</span>}
                  {a.disabled && <span className="badge badge-failed" style={{ marginLeft: 6 }}>disabled</span>}
                </td>
                <td>{a.email}</td>
                <td>{a.ssoOnly ? 'Single sign-on' : 'Password'}</td>
                <td>
                  <When iso={a.createdAt} />
                </td>
                <td>
                  {a.id !== me && (
                    <button
                      type="button"
                      className={a.disabled ? 'button button-small' : 'button button-small button-danger'}
                      data-testid="account-toggle"
                      onClick={async () => {
                        setNote(null);
                        try {
                          const r = await api.call('updateAccount', { params: { id: a.id }, body: { disabled: !a.disabled } });
                          setRows((rs) => rs.map((x) => (x.id === a.id ? { ...x, disabled: r.disabled } : x)));
                          setNote({ text: r.disabled ? `${a.name} is disabled and signed out everywhere.` : `${a.name} can log in again.`, error: false });
                        } catch (e) {
                          setNote({ text: errorMessage(e, 'That did not work.'), error: true });
                        }
                      }}
                    >
                      {a.disabled ? 'Enable' : 'Disable'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {note && (
        <p className={note.error ? 'error small' : 'muted small'} role={note.error ? 'alert' : 'status'} data-testid="account-message">
          {note.text}
        </p>
      )}
    </>
  );
}
