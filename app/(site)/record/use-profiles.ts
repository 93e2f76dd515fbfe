'use client';

import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_STORE, PROFILES_KEY, addProfile, currentProfile, parseStore, removeProfile, selectProfile, updateCurrent, type ProfileStore, type RecordingProfile } from '@/lib/record/browser/profiles';

/** What this browser keeps under `key` (JSON), unchecked: the caller's parser checks it. */
export function readLocal(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

/** Keeps `value` under `key`; a full or blocked storage keeps it for this visit only (false). */
export function writeLocal(key: string, value: unknown): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** The recording profiles of /record, in localStorage (lib/record/browser/profiles.ts checks what is read). */
export function useProfiles() {
  const [store, setStore] = useState<ProfileStore>(DEFAULT_STORE);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    const raw = readLocal(PROFILES_KEY);
    const t = setTimeout(() => {
      setStore(parseStore(raw));
      setLoaded(true);
    }, 0);
    return () => clearTimeout(t);
  }, []);
  const save = useCallback((next: ProfileStore) => {
    setStore(next);
    writeLocal(PROFILES_KEY, next);
  }, []);
  return {
    store,
    loaded,
    profile: currentProfile(store),
    update: useCallback((patch: Partial<Omit<RecordingProfile, 'id'>>) => save(updateCurrent(store, patch)), [save, store]),
    select: useCallback((id: string) => save(selectProfile(store, id)), [save, store]),
    add: useCallback((name: string) => save(addProfile(store, name, `p-${Date.now().toString(36)}`)), [save, store]),
    remove: useCallback((id: string) => save(removeProfile(store, id)), [save, store]),
  };
}
