'use client';

import { useState } from 'react';
import { api, errorMessage } from '@/lib/shared/client';

/** A password form for a protected video (watch page and embed): unlocks this browser, then reloads. */
export function useUnlock(videoId: string, token: string | null) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const password = String(new FormData(e.currentTarget).get('password') ?? '');
    try {
      await api.call('unlock', { params: { id: videoId }, body: token ? { password, token } : { password } });
      window.location.reload();
    } catch (err) {
      setError(errorMessage(err, 'Could not reach the server.'));
      setBusy(false);
    }
  }
  return { error, busy, submit };
}
