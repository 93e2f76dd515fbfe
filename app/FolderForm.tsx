'use client';

import { useState } from 'react';
import { api, errorMessage } from '@/lib/shared/client';

/** "New folder": a name, and open to all members or to listed members only (the maker is listed). */
export default function FolderForm({ workspaceId, members }: { workspaceId: string; members: Array<{ userId: string; name: string }> }) {
  const [open, setOpen] = useState(false);
  const [access, setAccess] = useState<'open' | 'members'>('open');
  const [error, setError] = useState<string | null>(null);
  const button = (
    <button type="button" className="button button-small" onClick={() => setOpen(true)} data-testid="folder-new" aria-expanded={open} disabled={open}>
      New folder
    </button>
  );
  if (!open) return button;
  return (
    <>
    {button}
    <form
      className="panel inline-form folder-form"
      data-testid="folder-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        setError(null);
        try {
          const folder = await api.call('createFolder', {
            params: { id: workspaceId },
            body: { name: String(f.get('name') ?? ''), access, members: access === 'members' ? f.getAll('members').map(String) : undefined },
          });
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load on purpose: the new folder appears in the server-rendered shelf and sidebar
          window.location.assign(`/?shelf=folder&folder=${folder.id}`);
        } catch (err) {
          setError(errorMessage(err, 'Could not make the folder.'));
        }
      }}
    >
      <label>
        Folder name
        <input name="name" required maxLength={100} autoFocus data-testid="folder-name" />
      </label>
      <label>
        Who sees it
        <select value={access} onChange={(e) => setAccess(e.target.value as 'open' | 'members')} data-testid="folder-access">
          <option value="open">Everyone in the workspace</option>
          <option value="members">Only the members I pick</option>
        </select>
      </label>
      {access === 'members' && (
        <fieldset className="row" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="small" style={{ fontWeight: 600 }}>
            Members
          </legend>
          {members.length === 0 && <span className="muted small">Only you for now: add people to the workspace, then to the folder.</span>}
          {members.map((m) => (
            <label key={m.userId} className="row small" style={{ fontWeight: 400 }}>
              <input type="checkbox" name="members" value={m.userId} /> {m.name}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" className="button button-primary" data-testid="folder-create">
        Create
      </button>
      <button type="button" className="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </form>
    </>
  );
}
