'use client';

import { useEffect, useState } from 'react';
import type { TranscriptView } from '@/lib/process/transcripts/view';
import { api } from '@/lib/shared/client';

const FINAL = new Set(['done', 'failed', 'no_audio', 'no_speech']);

/** The video's transcript and analysis, polled until transcription has an outcome. */
/** `version`: the version playing; a new one (an edit applied) has its transcript moved or made anew. */
export function useTranscript(videoId: string, query: string, enabled: boolean, version: string | null = null) {
  const [t, setT] = useState<TranscriptView | null>(null);
  /** Bumped to poll again (a new transcription was asked for). */
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      const token = new URLSearchParams(query).get('token');
      const data = await api.call('transcript', { params: { id: videoId }, query: { token } }).catch(() => null);
      if (stop) return;
      if (data) {
        setT(data);
        if (FINAL.has(data.status)) return;
      }
      timer = setTimeout(load, 2000);
    };
    void load();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [videoId, query, enabled, round, version]);
  return [t, setT, () => setRound((r) => r + 1)] as const;
}
