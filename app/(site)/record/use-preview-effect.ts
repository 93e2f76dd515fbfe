'use client';

import { useEffect, useState } from 'react';
import { startCameraEffect } from '@/lib/record/browser/compositor';
import { backgroundBitmap } from '@/lib/record/browser/picture';
import type { CameraBackground } from '@/lib/record/browser/compositor-program';

/**
 * The setup's camera preview with the chosen background, through the same compositor worker and
 * model as the recording — what you see before Start is what gets recorded. The plain camera where
 * the effect is off or the browser has no worker compositor.
 */
export function usePreviewEffect(camera: MediaStream | null, background: CameraBackground, image: string | null): MediaStream | null {
  const [out, setOut] = useState<MediaStream | null>(null);
  useEffect(() => {
    const track = camera?.getVideoTracks()[0];
    if (!camera || !track || background === 'off') return;
    let gone = false;
    let stop: (() => void) | null = null;
    void backgroundBitmap(background === 'image' ? image : null).then((bitmap) => {
      if (gone || (background === 'image' && !bitmap)) return;
      const own = track.clone();
      const w = startCameraEffect(own, { background, image: bitmap }, { assets: new URL('/recorder/', location.href).href });
      if (!w) return own.stop();
      stop = () => {
        w.stop();
        own.stop();
      };
      setOut(w.stream);
    });
    return () => {
      gone = true;
      stop?.();
      setOut(null);
    };
  }, [camera, background, image]);
  return background === 'off' ? camera : (out ?? camera);
}
