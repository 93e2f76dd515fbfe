'use client';

import { useState } from 'react';
import { api } from '@/lib/shared/client';

/** The header's workspace switcher (shown when the account is in several): new recordings go to the one chosen. */
export default function WorkspaceSwitcher({ workspaces, currentId }: { workspaces: Array<{ id: string; name: string }>; currentId: string | null }) {
  const [busy, setBusy] = useState(false);
  return (
    <label className="ws-switch">
      <span className="sr-only">Workspace</span>
      <select
        value={currentId ?? ''}
        disabled={busy}
        data-testid="workspace-switcher"
        onChange={async (e) => {
          setBusy(true);
          try {
            await api.call('switchWorkspace', { params: { id: e.target.value } });
            // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load on purpose: the session or workspace changed, and every server-rendered part must follow
            window.location.assign('/');
          } catch {
            setBusy(false);
          }
        }}
      >
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </label>
  );
}
