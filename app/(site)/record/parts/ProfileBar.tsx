'use client';

import { useState } from 'react';
import { MAX_PROFILES } from '@/lib/record/browser/profiles';
import type { useProfiles } from '../use-profiles';

/** The recording profile: pick one, save the current choices under a new name, delete one. */
export default function ProfileBar({ profiles }: { profiles: ReturnType<typeof useProfiles> }) {
  const { store, profile, select, add, remove } = profiles;
  const [naming, setNaming] = useState<string | null>(null);
  return (
    <div className="row profile-bar">
      <label className="row">
        <span className="muted small">Profile</span>
        <select value={profile.id} onChange={(e) => select(e.target.value)} data-testid="profile-select">
          {store.profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {naming === null ? (
        <>
          <button type="button" className="button button-small" disabled={store.profiles.length >= MAX_PROFILES} onClick={() => setNaming('')} data-testid="profile-new">
            Save as new profile…
          </button>
          {store.profiles.length > 1 && (
            <button type="button" className="button button-small" onClick={() => remove(profile.id)} data-testid="profile-delete">
              Delete “{profile.name}”
            </button>
          )}
        </>
      ) : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (naming.trim()) add(naming);
            setNaming(null);
          }}
        >
          <input autoFocus value={naming} maxLength={60} placeholder="Profile name" aria-label="Profile name" onChange={(e) => setNaming(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setNaming(null)} data-testid="profile-name" />
          <button type="submit" className="button button-small button-primary">
            Save
          </button>
          <button type="button" className="button button-small" onClick={() => setNaming(null)}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}
