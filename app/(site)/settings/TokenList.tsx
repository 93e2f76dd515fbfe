'use client';

import { useState } from 'react';
import { api, errorMessage } from '@/lib/shared/client';
import ErrorText from '@/app/ErrorText';
import TableHead from '@/app/TableHead';
import When from '@/app/When';
import CopyButton from '@/app/CopyButton';

interface Token {
  id: string;
  name: string;
  prefix: string;
  scope: 'full' | 'recording';
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const when = (iso: string | null) => (iso ? <When iso={iso} /> : 'never');

/** Tokens with Revoke, and a form for a new full token (shown once). */
export default function TokenList({ initial }: { initial: Token[] }) {
  const [tokens, setTokens] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);

  async function revoke(id: string) {
    setError(null);
    try {
      await api.call('revokeToken', { params: { id } });
      setTokens((ts) => ts.map((t) => (t.id === id ? { ...t, revokedAt: new Date().toISOString() } : t)));
    } catch (e) {
      setError(errorMessage(e, 'Could not revoke that token.'));
    }
  }

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const t = await api.call('createToken', { body: { name: name.trim() || 'API token', scope: 'full' } });
      setSecret(t.token);
      setName('');
      setTokens((ts) => [...ts, { id: t.id, name: t.name, prefix: t.prefix, scope: t.scope, createdAt: t.createdAt, lastUsedAt: null, revokedAt: null }]);
    } catch (err) {
      setError(errorMessage(err, 'Could not create a token.'));
    }
  }

  return (
    <div>
      {tokens.length === 0 ? (
        <p className="muted">No tokens yet. Connect the extension from its toolbar button, or create a token for a script below.</p>
      ) : (
        <div className="table-scroll"><table className="table" data-testid="token-list">
          <TableHead columns={['Name', 'May', 'Created', 'Last used', null]} />
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} data-testid="token-row">
                <td>
                  {t.name} <code className="muted small">{t.prefix}…</code>
                </td>
                <td>{t.scope === 'recording' ? 'Record' : 'Everything'}</td>
                <td>{when(t.createdAt)}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td>
                  {t.revokedAt ? (
                    <span className="muted small">Revoked</span>
                  ) : (
                    <button type="button" className="button" onClick={() => void revoke(t.id)} data-testid="token-revoke">
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      <form className="row" onSubmit={(e) => void create(e)} style={{ marginTop: 16 }}>
        <label htmlFor="token-name" className="sr-only">
          Token name
        </label>
        <input id="token-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="New token’s name, e.g. Upload script" className="token-name" maxLength={100} />
        <button type="submit" className="button">
          Create token
        </button>
      </form>
      {secret && (
        <p className="notice" role="status">
          <span>Your new token — copy it now, it is not shown again:</span> <code data-testid="token-secret">{secret}</code> <CopyButton text={secret} className="button button-small" testId="token-copy" />
        </p>
      )}
      <ErrorText message={error} />
    </div>
  );
}
