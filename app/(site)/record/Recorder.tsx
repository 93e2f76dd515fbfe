'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { RecordingSettings } from '@/lib/record/browser/core';
import DevicePicker from './parts/DevicePicker';
import RecordingControls from './parts/RecordingControls';
import RecoveryPanel from './parts/RecoveryPanel';
import ReviewPanel from './ReviewPanel';
import { useDevices } from './use-devices';
import { useRecorder } from './use-recorder';

const DEFAULT_SETTINGS: RecordingSettings = {
  mode: 'screen+camera',
  height: 720,
  cameraId: null,
  micId: null,
  bubble: { position: 'bottom-left', size: 'medium', shape: 'circle' },
  maxSeconds: 0,
};

/** `/record`: the page around the recorder core (lib/record/browser/core.ts). */
export default function Recorder() {
  const { core, state } = useRecorder();
  const [settings, setSettings] = useState(DEFAULT_SETTINGS);
  const { phase } = state;
  const note = useCallback((m: string) => core.note(m), [core]);
  const { devices, micStream, cameraPreview, level } = useDevices({ micId: settings.micId, cameraId: settings.cameraId, mode: settings.mode, setup: phase === 'setup', onNote: note });
  const previewRef = useRef<HTMLVideoElement>(null);
  // a phone (no getDisplayMedia) records the camera instead of failing
  const [screenShare, setScreenShare] = useState(true);
  useEffect(() => {
    const can = typeof navigator.mediaDevices?.getDisplayMedia === 'function';
    if (can) return;
    const t = setTimeout(() => {
      setScreenShare(false);
      setSettings((s) => ({ ...s, mode: 'camera' }));
    }, 0);
    return () => clearTimeout(t);
  }, []);

  const run = useCallback(() => {
    // ?compositor=page keeps the page-canvas compositor (the benchmark's baseline)
    const compositor = new URLSearchParams(window.location.search).get('compositor') === 'page' ? 'page' : 'worker';
    return { ...settings, compositor } as RecordingSettings;
  }, [settings]);
  const [copied, setCopied] = useState(false);
  // The review (ffmpeg.wasm, seconds of CPU) starts once the recording is on the server (or after
  // 3 s): the tail of the upload — what the link's viewers wait for — goes first.
  const [reviewFor, setReviewFor] = useState<Blob | null>(null);
  const reviewBlob = state.review?.blob ?? null;
  useEffect(() => {
    if (phase !== 'done' || !reviewBlob) return;
    let gone = false;
    void core.whenUploaded(3000).then(() => {
      if (!gone) setReviewFor(reviewBlob);
    });
    return () => {
      gone = true;
    };
  }, [phase, reviewBlob, core]);
  const begin = useCallback(() => void core.begin(run(), micStream), [core, run, micStream]);
  // the link exists since the start: at Stop it goes on the clipboard at once (while the click counts)
  const stopAndCopy = useCallback(() => {
    const share = core.getState().share;
    if (share) {
      void navigator.clipboard?.writeText(share.shareUrl).then(
        () => setCopied(true),
        () => undefined,
      );
    }
    void core.stop();
  }, [core]);
  const restart = useCallback(() => void core.restart(run(), micStream), [core, run, micStream]);

  useEffect(() => {
    const v = previewRef.current;
    if (!v) return;
    const s = phase === 'setup' ? cameraPreview : core.previewStream;
    v.srcObject = s;
    if (s) void v.play().catch(() => undefined);
  }, [phase, cameraPreview, core]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.altKey && e.shiftKey)) return;
      const active = phase === 'recording' || phase === 'paused';
      if (e.code === 'KeyR' && (phase === 'setup' || phase === 'done' || phase === 'error')) begin();
      else if (e.code === 'KeyS' && active) stopAndCopy();
      else if (e.code === 'KeyP' && active) void core.togglePause();
      else if (e.code === 'KeyC' && (active || phase === 'countdown')) void core.cancel();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [phase, core, begin, stopAndCopy]);

  const active = phase === 'recording' || phase === 'paused';
  const usesCamera = settings.mode !== 'screen';

  return (
    <div className="recorder">
      {phase === 'setup' && (
        <RecoveryPanel pending={state.pending} recovering={state.recovering} onRecover={(r) => void core.recover(r)} onDiscard={(r) => void core.discard(r)} />
      )}

      {/* after Stop the review below has its own preview: the link comes first */}
      <div className="recorder-preview" hidden={phase === 'done' || phase === 'finishing'}>
        {(phase === 'setup' && usesCamera) || active ? (
          <video ref={previewRef} muted playsInline aria-label="Preview" className={phase === 'setup' ? `preview-bubble ${settings.bubble.shape}` : ''} />
        ) : (
          <span>{phase === 'done' || phase === 'finishing' ? 'Recording finished' : phase === 'countdown' ? '' : 'Your screen appears here'}</span>
        )}
        {phase === 'countdown' && state.countdown > 0 && (
          <div className="countdown" data-testid="countdown" aria-live="assertive">
            {state.countdown}
          </div>
        )}
      </div>

      {(phase === 'setup' || phase === 'error') && <DevicePicker settings={settings} onChange={setSettings} devices={devices} level={level} onStart={begin} screenShare={screenShare} />}

      <RecordingControls
        state={state}
        onTogglePause={() => void core.togglePause()}
        onStop={stopAndCopy}
        onRestart={restart}
        onCancel={() => void core.cancel()}
        onAnother={() => {
          setCopied(false);
          core.reset();
        }}
        copied={copied}
        onOpenShare={(href) => {
          // leaving this page would cut the last upload request: follow the link once the server
          // has the whole recording (a few seconds at most; the safety copy keeps the rest)
          core.note('Finishing the upload, then opening the video…');
          void core.whenUploaded(8000).then(() => window.location.assign(href));
        }}
      />

      {state.review && phase === 'done' && reviewFor === state.review.blob && <ReviewPanel recording={state.review.blob} mimeType={state.review.mimeType} videoId={state.review.videoId} />}

      {state.notes.map((n) => (
        <p key={n} className="muted small" data-testid="recorder-note">
          {n}
        </p>
      ))}
      {state.error && (
        <div className="error" role="alert">
          {state.error}
        </div>
      )}
    </div>
  );
}
