'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RecordingSettings } from '@/lib/record/browser/core';
import { pictureDataUrl } from '@/lib/record/browser/picture';
import type { CameraBackground } from '@/lib/record/browser/compositor-program';
import { formatDateTime } from '@/lib/shared/format';
import DevicePicker from './parts/DevicePicker';
import DrawLayer from './parts/DrawLayer';
import EffectsBar, { type DrawState } from './parts/EffectsBar';
import NotesPanel from './parts/NotesPanel';
import RecordingControls from './parts/RecordingControls';
import RecoveryPanel from './parts/RecoveryPanel';
import ReviewPanel from './ReviewPanel';
import { useDevices } from './use-devices';
import { usePreviewEffect } from './use-preview-effect';
import { useProfiles } from './use-profiles';
import { useRecorder } from './use-recorder';

/** `/record`: the page around the recorder core (lib/record/browser/core.ts). */
export default function Recorder() {
  const { core, state } = useRecorder();
  const profiles = useProfiles();
  const { profile, update } = profiles;
  const [maxSeconds, setMaxSeconds] = useState(0);
  // a phone (no getDisplayMedia) records the camera instead of failing
  const [screenShare, setScreenShare] = useState(true);
  const settings: RecordingSettings = useMemo(
    () => ({
      mode: screenShare ? profile.mode : 'camera',
      height: profile.height,
      cameraId: profile.cameraId,
      micId: profile.micId,
      bubble: profile.bubble,
      background: profile.background,
      backgroundImage: profile.backgroundImage,
      maxSeconds,
    }),
    [profile, screenShare, maxSeconds],
  );
  const setSettings = (next: RecordingSettings) => {
    setMaxSeconds(next.maxSeconds);
    update({ mode: next.mode, height: next.height, cameraId: next.cameraId, micId: next.micId, bubble: next.bubble });
  };
  const { phase } = state;
  const note = useCallback((m: string) => core.note(m), [core]);
  const { devices, micStream, cameraPreview, level } = useDevices({
    micId: settings.micId,
    cameraId: settings.cameraId,
    mode: settings.mode,
    setup: phase === 'setup',
    noiseSuppression: profile.noiseSuppression,
    onNote: note,
  });
  const previewRef = useRef<HTMLVideoElement>(null);
  const setupPreview = usePreviewEffect(cameraPreview, profile.background, profile.backgroundImage);
  useEffect(() => {
    const can = typeof navigator.mediaDevices?.getDisplayMedia === 'function';
    if (can) return;
    const t = setTimeout(() => setScreenShare(false), 0);
    return () => clearTimeout(t);
  }, []);
  const [draw, setDraw] = useState<DrawState>({ on: false, tool: 'pen', color: '#ef4444', keep: false });

  const run = useCallback((): RecordingSettings => {
    const q = new URLSearchParams(window.location.search);
    // ?compositor=page keeps the page-canvas compositor (the benchmark's baseline); ?effectBudgetMs= tests the slow-device fallback
    const compositor = q.get('compositor') === 'page' ? 'page' : 'worker';
    const budget = Number(q.get('effectBudgetMs'));
    return { ...settings, compositor, ink: true, ...(budget > 0 ? { effectBudgetMs: budget } : {}) };
  }, [settings]);
  const setBackground = useCallback(
    (background: CameraBackground, image?: string) => {
      const picture = image ?? profile.backgroundImage;
      update(image ? { background, backgroundImage: image } : { background });
      void core.setBackground(background, picture);
    },
    [core, update, profile.backgroundImage],
  );
  const choosePicture = useCallback(
    (file: File) => {
      pictureDataUrl(file).then(
        (url) => setBackground('image', url),
        () => core.note('That file is not a picture this browser can open.'),
      );
    },
    [core, setBackground],
  );
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
    const s = phase === 'setup' ? setupPreview : core.previewStream;
    v.srcObject = s;
    if (s) void v.play().catch(() => undefined);
  }, [phase, setupPreview, core]);

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
  const drawing = draw.on && active && state.canDraw;

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
        {drawing && (
          <DrawLayer videoRef={previewRef} tool={draw.tool} color={draw.color} keep={draw.keep} onInk={(c) => core.ink(c)} onLeave={() => setDraw((d) => ({ ...d, on: false }))} />
        )}
        {phase === 'countdown' && state.countdown > 0 && (
          <div className="countdown" data-testid="countdown" aria-live="assertive">
            {state.countdown}
          </div>
        )}
      </div>

      {(phase === 'setup' || phase === 'error') && (
        <DevicePicker
          settings={settings}
          onChange={setSettings}
          devices={devices}
          level={level}
          onStart={begin}
          screenShare={screenShare}
          profiles={profiles}
          noiseSuppression={profile.noiseSuppression}
          onNoiseSuppression={(on) => update({ noiseSuppression: on })}
          onBackground={(b) => update({ background: b })}
          onPicture={choosePicture}
        />
      )}

      {active && (
        <EffectsBar
          background={state.effect?.background ?? profile.background}
          effectState={state.effect?.state ?? null}
          hasImage={!!profile.backgroundImage}
          backgroundAvailable={state.effect !== null}
          onBackground={(b) => setBackground(b)}
          onPicture={choosePicture}
          noise={profile.noiseSuppression}
          level={level}
          onNoise={(on) => update({ noiseSuppression: on })}
          canDraw={state.canDraw}
          draw={draw}
          onDraw={setDraw}
          onClear={() => core.ink({ op: 'clear' })}
        />
      )}

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

      <NotesPanel finishedVideoId={phase === 'done' ? (state.share?.videoId ?? null) : null} finishedTitle={state.share ? `the recording of ${formatDateTime(new Date())}` : null} />
    </div>
  );
}
