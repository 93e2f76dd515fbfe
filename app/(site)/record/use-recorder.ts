'use client';

import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { api } from '@/lib/shared/client';
import { RecorderCore, INITIAL_STATE, type RecorderState } from '@/lib/record/browser/core';
import { loadFFmpeg } from './preview';

/** The recorder core for this page (same-origin API), and its state as React state. */
export function useRecorder(): { core: RecorderCore; state: RecorderState } {
  const core = useMemo(
    () =>
      new RecorderCore({
        server: { client: api },
        // the review's ffmpeg.wasm loads while the person records, so the preview is there at Stop
        onCountdown: () => void loadFFmpeg().catch(() => undefined),
      }),
    [],
  );
  const state = useSyncExternalStore(core.subscribe, core.getState, () => INITIAL_STATE);
  useEffect(() => {
    void core.loadPending();
    return () => core.dispose();
  }, [core]);
  return { core, state };
}
