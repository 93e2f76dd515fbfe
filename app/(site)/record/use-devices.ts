'use client';

import { useEffect, useState } from 'react';
import { listDevices, micLevelMeter, openCamera, openMic, type Devices, type Mode } from '@/lib/record/browser/capture';

/** The microphone (kept open for the level meter and the recording), the camera preview, and the device lists. */
export function useDevices(opts: { micId: string | null; cameraId: string | null; mode: Mode; setup: boolean; onNote: (m: string) => void }) {
  const { micId, cameraId, mode, setup, onNote } = opts;
  const [devices, setDevices] = useState<Devices>({ cameras: [], mics: [] });
  const [micStream, setMicStream] = useState<MediaStream | null>(null);
  const [cameraPreview, setCameraPreview] = useState<MediaStream | null>(null);
  const [level, setLevel] = useState(0);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    openMic(micId)
      .then(async (s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        setMicStream(s);
        setDevices(await listDevices());
      })
      .catch(() => {
        if (!cancelled) setMicStream(null);
      });
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [micId]);

  useEffect(() => {
    if (!micStream) return;
    const meter = micLevelMeter(micStream);
    const t = setInterval(() => setLevel(meter.level()), 80);
    return () => {
      clearInterval(t);
      meter.stop();
    };
  }, [micStream]);

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

  return { devices, micStream, cameraPreview, level };
}
