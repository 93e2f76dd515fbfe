'use client';

import { useEffect, useState } from 'react';
import { listDevices, openCamera, openMic, type Devices, type Mode } from '@/lib/record/browser/capture';
import { micChain, type MicChain } from '@/lib/record/browser/noise';

/**
 * The microphone (kept open for the level meter and the recording) through the noise suppressor, the
 * camera preview, and the device lists. `micStream` is what gets recorded: the suppressor's output.
 */
export function useDevices(opts: { micId: string | null; cameraId: string | null; mode: Mode; setup: boolean; noiseSuppression: boolean; onNote: (m: string) => void }) {
  const { micId, cameraId, mode, setup, noiseSuppression, onNote } = opts;
  const [devices, setDevices] = useState<Devices>({ cameras: [], mics: [] });
  const [rawMic, setRawMic] = useState<MediaStream | null>(null);
  const [chain, setChain] = useState<MicChain | null>(null);
  const [cameraPreview, setCameraPreview] = useState<MediaStream | null>(null);
  const [level, setLevel] = useState(0);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    // the browser's own suppression stays off: Weft's (RNNoise) is the toggle the person sees
    openMic(micId, false)
      .then(async (s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        setRawMic(s);
        setDevices(await listDevices());
      })
      .catch(() => {
        if (!cancelled) setRawMic(null);
      });
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [micId]);

  // the suppressor is built once per microphone; the toggle switches it in place (also while recording)
  const [initialSuppression] = useState(noiseSuppression);
  useEffect(() => {
    if (!rawMic) return;
    let c: MicChain | null = null;
    let cancelled = false;
    let t: ReturnType<typeof setInterval> | undefined;
    void micChain(rawMic, { assets: new URL('/recorder/', location.href).href, suppress: initialSuppression, onProblem: onNote }).then((made) => {
      if (cancelled) return made.stop();
      c = made;
      setChain(made);
      t = setInterval(() => setLevel(made.level()), 80);
    }, () => onNote('The microphone could not be prepared for recording in this browser.'));
    return () => {
      cancelled = true;
      clearInterval(t);
      c?.stop();
      setChain(null);
    };
  }, [rawMic, initialSuppression, onNote]);
  useEffect(() => chain?.setSuppression(noiseSuppression), [chain, noiseSuppression]);
  const micStream = chain?.stream ?? rawMic;

  // camera preview while setting up
  useEffect(() => {
    if (!setup || mode === 'screen') return;
    let stream: MediaStream | null = null;
    let cancelled = false;
    openCamera(cameraId, 360)
      .then(async (s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        setCameraPreview(s);
        setDevices(await listDevices());
      })
      .catch(() => onNote('No camera answered; pick another one or record the screen only.'));
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((t) => t.stop());
      setCameraPreview(null);
    };
  }, [setup, mode, cameraId, onNote]);

  return { devices, micStream, cameraPreview, level, suppressing: chain?.suppressing ?? false, suppressionAvailable: chain?.available ?? false };
}
