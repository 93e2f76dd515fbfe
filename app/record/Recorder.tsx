'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import * as tus from 'tus-js-client';
import { formatBytes, formatDuration } from '@/lib/format';
import { captureScreenAndMic, pickMimeType, recorderByteStream, type CaptureResult } from './capture';

type Phase = 'idle' | 'starting' | 'recording' | 'finishing' | 'done' | 'error';

interface Session {
  sessionId: string;
  videoId: string;
  shareUrl: string;
}

async function api<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as T & { error?: { message?: string } };
  if (!res.ok) throw new Error(data.error?.message ?? `Request failed (${res.status})`);
  return data;
}

export default function Recorder() {
  const [phase, setPhase] = useState<Phase>('idle');
  const [error, setError] = useState<string | null>(null);
  const [elapsedMs, setElapsedMs] = useState(0);
  const [recorded, setRecorded] = useState(0);
  const [uploaded, setUploaded] = useState(0);
  const [session, setSession] = useState<Session | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const previewRef = useRef<HTMLVideoElement>(null);
  const captureRef = useRef<CaptureResult | null>(null);
  const recorderRef = useRef<MediaRecorder | null>(null);
  const startedAtRef = useRef(0);
  const sessionRef = useRef<Session | null>(null);

  useEffect(() => {
    if (phase !== 'recording') return;
    const t = setInterval(() => setElapsedMs(Date.now() - startedAtRef.current), 250);
    return () => clearInterval(t);
  }, [phase]);

  useEffect(() => () => captureRef.current?.stop(), []);

  const fail = useCallback((message: string) => {
    captureRef.current?.stop();
    setError(message);
    setPhase('error');
  }, []);

  const stop = useCallback(async () => {
    const rec = recorderRef.current;
    if (!rec || rec.state === 'inactive') return;
    setPhase('finishing');
    rec.stop();
    captureRef.current?.stop();
    if (previewRef.current) previewRef.current.srcObject = null;
    const s = sessionRef.current;
    if (s) {
      try {
        await api(`/api/v1/recordings/${s.sessionId}/control`, { action: 'stop' });
      } catch (e) {
        setNote(`The server did not take the stop: ${(e as Error).message}`);
      }
    }
  }, []);

  const start = useCallback(async () => {
    setError(null);
    setNote(null);
    setPhase('starting');
    const mimeType = pickMimeType();
    if (!mimeType) return fail('This browser cannot record video (MediaRecorder is missing).');
    let capture: CaptureResult;
    try {
      capture = await captureScreenAndMic();
    } catch (e) {
      return fail((e as Error).message || 'Screen sharing was not allowed.');
    }
    captureRef.current = capture;
    if (!capture.micAvailable) setNote('No microphone: recording without your voice.');
    if (previewRef.current) {
      previewRef.current.srcObject = capture.stream;
      void previewRef.current.play().catch(() => undefined);
    }

    let s: Session;
    try {
      s = await api<Session>('/api/v1/recordings', { mode: 'screen', mimeType });
    } catch (e) {
      return fail(`Could not start a recording: ${(e as Error).message}`);
    }
    sessionRef.current = s;
    setSession(s);

    const recorder = new MediaRecorder(capture.stream, {
      mimeType,
      videoBitsPerSecond: 2_500_000,
      audioBitsPerSecond: 128_000,
      // Chromium: a keyframe every 2 s, so fragments line up with HLS segments.
      ...({ videoKeyFrameIntervalDuration: 2000 } as object),
    });
    recorderRef.current = recorder;
    const bytes = recorderByteStream(recorder, (n) => setRecorded((r) => r + n));
    const ext = mimeType.startsWith('video/mp4') ? 'mp4' : 'webm';
    const upload = new tus.Upload(bytes.getReader(), {
      endpoint: '/api/v1/uploads',
      uploadLengthDeferred: true,
      chunkSize: 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000],
      metadata: { sessionId: s.sessionId, filename: `recording.${ext}`, filetype: mimeType.split(';')[0] ?? mimeType },
      fingerprint: async () => `weft-recording-${s.sessionId}`,
      onProgress: (sent) => setUploaded(sent),
      onSuccess: () => setPhase('done'),
      onError: (e) => fail(`The upload failed: ${e.message}`),
    });
    upload.start();
    capture.stream.getVideoTracks()[0]?.addEventListener('ended', () => void stop());
    recorder.start(1000);
    startedAtRef.current = Date.now();
    setElapsedMs(0);
    setPhase('recording');
    try {
      await api(`/api/v1/recordings/${s.sessionId}/control`, { action: 'start' });
    } catch (e) {
      setNote(`The server did not take the start: ${(e as Error).message}`);
    }
  }, [fail, stop]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.altKey && e.shiftKey)) return;
      if (e.code === 'KeyR' && (phase === 'idle' || phase === 'done' || phase === 'error')) void start();
      if (e.code === 'KeyS' && phase === 'recording') void stop();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [phase, start, stop]);

  const pct = recorded > 0 ? Math.min(100, Math.round((uploaded / recorded) * 100)) : 0;
  const share = session ? `/v/${session.videoId}` : null;

  return (
    <div className="recorder">
      <div className="recorder-preview">
        {phase === 'recording' || phase === 'starting' ? (
          <video ref={previewRef} muted playsInline aria-label="What is being recorded" />
        ) : (
          <span>{phase === 'done' || phase === 'finishing' ? 'Recording finished' : 'Your screen appears here'}</span>
        )}
      </div>

      <div className="recorder-bar">
        {phase === 'recording' ? (
          <>
            <span className="rec-dot" aria-hidden="true" />
            <span className="timer" data-testid="record-elapsed">
              {formatDuration(elapsedMs)}
            </span>
            <button type="button" className="button button-danger" data-testid="record-stop" onClick={() => void stop()}>
              Stop
            </button>
            <span className="muted small">
              <span className="kbd">Alt</span>+<span className="kbd">Shift</span>+<span className="kbd">S</span>
            </span>
          </>
        ) : (
          <>
            <button
              type="button"
              className="button button-primary button-large"
              data-testid="record-start"
              disabled={phase === 'starting' || phase === 'finishing'}
              onClick={() => void start()}
            >
              {phase === 'starting' ? 'Starting…' : phase === 'done' ? 'Record another' : 'Start recording'}
            </button>
            <span className="muted small">
              <span className="kbd">Alt</span>+<span className="kbd">Shift</span>+<span className="kbd">R</span>
            </span>
          </>
        )}
      </div>

      {(phase === 'recording' || phase === 'finishing' || phase === 'done') && (
        <div aria-live="polite">
          <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label="Upload">
            <span style={{ width: `${phase === 'done' ? 100 : pct}%` }} />
          </div>
          <p className="muted small" data-testid="upload-progress">
            {phase === 'done'
              ? `Uploaded ${formatBytes(recorded)}`
              : `Uploaded ${formatBytes(uploaded)} of ${formatBytes(recorded)} recorded`}
          </p>
        </div>
      )}

      {share && (phase === 'finishing' || phase === 'done') && (
        <div className="share">
          <span>{phase === 'done' ? 'Your link:' : 'Finishing upload… your link:'}</span>
          <a href={share} data-testid="share-link">
            {session?.shareUrl}
          </a>
          <button
            type="button"
            className="button"
            onClick={() => void navigator.clipboard?.writeText(session?.shareUrl ?? '')}
          >
            Copy
          </button>
        </div>
      )}

      {note && <p className="muted small">{note}</p>}
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
