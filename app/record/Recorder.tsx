'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { formatBytes, formatDuration } from '@/lib/format';
import {
  listDevices,
  micLevelMeter,
  openCamera,
  openMic,
  pickMimeType,
  startCapture,
  type BubbleOptions,
  type Devices,
  type Mode,
} from './capture';
import { LiveRecording, recoverSpooled } from './controller';
import { loadFFmpeg } from './preview';
import ReviewPanel from './ReviewPanel';
import { spoolDelete, spoolList, type SpooledRecording } from './spool';

type Phase = 'setup' | 'countdown' | 'recording' | 'paused' | 'finishing' | 'done' | 'error';

const MODES: Array<[Mode, string]> = [
  ['screen+camera', 'Screen + camera'],
  ['screen', 'Screen only'],
  ['camera', 'Camera only'],
];
const MAX_LENGTHS: Array<[number, string]> = [
  [0, 'No limit'],
  [60, '1 minute'],
  [5 * 60, '5 minutes'],
  [15 * 60, '15 minutes'],
  [45 * 60, '45 minutes'],
];

export default function Recorder() {
  const [phase, setPhase] = useState<Phase>('setup');
  const [mode, setMode] = useState<Mode>('screen+camera');
  const [height, setHeight] = useState<720 | 1080>(720);
  const [bubble, setBubble] = useState<BubbleOptions>({ position: 'bottom-left', size: 'medium', shape: 'circle' });
  const [maxSeconds, setMaxSeconds] = useState(0);
  const [devices, setDevices] = useState<Devices>({ cameras: [], mics: [] });
  const [cameraId, setCameraId] = useState<string | null>(null);
  const [micId, setMicId] = useState<string | null>(null);
  const [micStream, setMicStream] = useState<MediaStream | null>(null);
  const [cameraPreview, setCameraPreview] = useState<MediaStream | null>(null);
  const [level, setLevel] = useState(0);
  const [countdown, setCountdown] = useState(0);
  const [elapsedMs, setElapsedMs] = useState(0);
  const [recorded, setRecorded] = useState(0);
  const [uploaded, setUploaded] = useState(0);
  const [uploadDone, setUploadDone] = useState(false);
  const [share, setShare] = useState<{ videoId: string; shareUrl: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const [pending, setPending] = useState<SpooledRecording[]>([]);
  const [recovering, setRecovering] = useState<string | null>(null);
  const [review, setReview] = useState<{ blob: Blob; mimeType: string; videoId: string } | null>(null);
  const live = useRef<LiveRecording | null>(null);
  const previewRef = useRef<HTMLVideoElement>(null);
  const cancelCountdown = useRef<(() => void) | null>(null);

  const note = useCallback((m: string) => setNotes((n) => (n.includes(m) ? n : [...n, m])), []);

  // unfinished recordings kept on this computer (network loss, reload, crash)
  useEffect(() => {
    let alive = true;
    spoolList()
      .then((list) => alive && setPending(list))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);

  // microphone for the level meter (and the recording)
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
    if (phase !== 'setup' || mode === 'screen') return;
    let stream: MediaStream | null = null;
    let cancelled = false;
    openCamera(cameraId, 360)
      .then(async (s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        setCameraPreview(s);
        setDevices(await listDevices());
      })
      .catch(() => note('No camera answered; pick another one or record the screen only.'));
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((t) => t.stop());
      setCameraPreview(null);
    };
  }, [phase, mode, cameraId, note]);

  useEffect(() => {
    const v = previewRef.current;
    if (!v) return;
    const s = phase === 'setup' ? cameraPreview : (live.current?.previewStream ?? null);
    v.srcObject = s;
    if (s) void v.play().catch(() => undefined);
  }, [phase, cameraPreview]);

  // elapsed time and the optional maximum length
  useEffect(() => {
    if (phase !== 'recording' && phase !== 'paused') return;
    const t = setInterval(() => {
      const ms = live.current?.elapsedMs() ?? 0;
      setElapsedMs(ms);
      if (maxSeconds > 0 && ms >= maxSeconds * 1000) void stop();
    }, 200);
    return () => clearInterval(t);
  }, [phase, maxSeconds]);

  const fail = useCallback((message: string) => {
    setError(message);
    setPhase('error');
  }, []);

  const begin = useCallback(async () => {
    setError(null);
    setNotes([]);
    setRecorded(0);
    setUploaded(0);
    setUploadDone(false);
    setShare(null);
    setReview(null);
    const mimeType = pickMimeType();
    if (!mimeType) return fail('This browser cannot record video (MediaRecorder is missing).');
    if (!micStream) note('No microphone: recording without your voice.');
    setPhase('countdown');
    // the review's ffmpeg.wasm loads while the person records, so the preview is there at Stop
    void loadFFmpeg().catch(() => undefined);
    let capture;
    try {
      // ?compositor=page keeps the page-canvas compositor (the benchmark's baseline)
      const compositor = new URLSearchParams(window.location.search).get('compositor') === 'page' ? 'page' : 'worker';
      capture = await startCapture({ mode, height, fps: 30, cameraId, micId, bubble, compositor, onCompositorError: note }, micStream);
    } catch (e) {
      setPhase('setup');
      return fail((e as Error).message || 'Sharing was not allowed.');
    }
    // 3-2-1 while the sources warm up
    const go = await new Promise<boolean>((resolve) => {
      let n = 3;
      setCountdown(n);
      const t = setInterval(() => {
        n -= 1;
        setCountdown(n);
        if (n <= 0) {
          clearInterval(t);
          resolve(true);
        }
      }, 1000);
      cancelCountdown.current = () => {
        clearInterval(t);
        resolve(false);
      };
    });
    cancelCountdown.current = null;
    if (!go) {
      capture.stop();
      setPhase('setup');
      return;
    }
    try {
      const rec = await LiveRecording.create(mode, mimeType, capture, {
        bytes: (r, u) => {
          setRecorded(r);
          setUploaded(u);
        },
        uploaded: () => setUploadDone(true),
        warn: note,
      });
      live.current = rec;
      setShare({ videoId: rec.info.videoId, shareUrl: rec.info.shareUrl });
      capture.sourceTrack?.addEventListener('ended', () => void stop());
      await rec.start();
      setElapsedMs(0);
      setPhase('recording');
    } catch (e) {
      capture.stop();
      fail(`Could not start a recording: ${(e as Error).message}`);
    }
  }, [mode, height, cameraId, micId, bubble, micStream, fail, note]);

  async function stop() {
    const rec = live.current;
    if (!rec) return;
    setPhase('finishing');
    await rec.stop();
    setReview({ blob: rec.recordingBlob(), mimeType: rec.mimeType, videoId: rec.info.videoId });
    setPhase('done');
  }

  async function cancel() {
    if (cancelCountdown.current) return cancelCountdown.current();
    const rec = live.current;
    live.current = null;
    setPhase('setup');
    setShare(null);
    await rec?.cancel();
    note('Recording cancelled and deleted.');
  }

  async function restart() {
    await cancel();
    setNotes([]);
    await begin();
  }

  async function togglePause() {
    const rec = live.current;
    if (!rec) return;
    if (phase === 'recording') {
      await rec.pause();
      setPhase('paused');
    } else if (phase === 'paused') {
      await rec.resume();
      setPhase('recording');
    }
  }

  async function recover(r: SpooledRecording) {
    setRecovering(r.sessionId);
    try {
      await recoverSpooled(r, (sent, total) => {
        setUploaded(sent);
        setRecorded(total);
      });
      setPending((p) => p.filter((x) => x.sessionId !== r.sessionId));
      setShare({ videoId: r.videoId, shareUrl: r.shareUrl });
      setUploadDone(true);
      setPhase('done');
    } catch (e) {
      note(`Could not finish that upload: ${(e as Error).message}`);
    } finally {
      setRecovering(null);
    }
  }

  async function discard(r: SpooledRecording) {
    await spoolDelete(r.sessionId).catch(() => undefined);
    setPending((p) => p.filter((x) => x.sessionId !== r.sessionId));
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.altKey && e.shiftKey)) return;
      if (e.code === 'KeyR' && (phase === 'setup' || phase === 'done' || phase === 'error')) void begin();
      else if (e.code === 'KeyS' && (phase === 'recording' || phase === 'paused')) void stop();
      else if (e.code === 'KeyP' && (phase === 'recording' || phase === 'paused')) void togglePause();
      else if (e.code === 'KeyC' && (phase === 'recording' || phase === 'paused' || phase === 'countdown')) void cancel();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const active = phase === 'recording' || phase === 'paused';
  const pct = recorded > 0 ? Math.min(100, Math.round((uploaded / recorded) * 100)) : 0;
  const usesCamera = mode !== 'screen';

  return (
    <div className="recorder">
      {pending.length > 0 && phase === 'setup' && (
        <div className="panel recovery" data-testid="recovery">
          <strong>Unfinished recordings on this computer</strong>
          {pending.map((r) => (
            <div key={r.sessionId} className="row">
              <span className="small">
                Started {new Date(r.startedAt).toLocaleString()} · {formatBytes(r.bytes)}
              </span>
              <button type="button" className="button button-primary" data-testid="recover-upload" disabled={recovering !== null} onClick={() => void recover(r)}>
                {recovering === r.sessionId ? 'Uploading…' : 'Finish uploading'}
              </button>
              <button type="button" className="button" onClick={() => void discard(r)}>
                Discard
              </button>
            </div>
          ))}
        </div>
      )}

      <div className="recorder-preview">
        {(phase === 'setup' && usesCamera) || active ? (
          <video ref={previewRef} muted playsInline aria-label="Preview" className={phase === 'setup' ? `preview-bubble ${bubble.shape}` : ''} />
        ) : (
          <span>{phase === 'done' || phase === 'finishing' ? 'Recording finished' : phase === 'countdown' ? '' : 'Your screen appears here'}</span>
        )}
        {phase === 'countdown' && countdown > 0 && (
          <div className="countdown" data-testid="countdown" aria-live="assertive">
            {countdown}
          </div>
        )}
      </div>

      {phase === 'setup' || phase === 'error' ? (
        <div className="panel setup">
          <div className="segmented" role="radiogroup" aria-label="What to record">
            {MODES.map(([m, label]) => (
              <button key={m} type="button" role="radio" aria-checked={mode === m} data-testid={`mode-${m}`} className={mode === m ? 'on' : ''} onClick={() => setMode(m)}>
                {label}
              </button>
            ))}
          </div>
          <div className="setup-grid">
            {usesCamera && (
              <label>
                Camera
                <select value={cameraId ?? ''} onChange={(e) => setCameraId(e.target.value || null)} data-testid="camera-select">
                  <option value="">Default camera</option>
                  {devices.cameras.map((d, i) => (
                    <option key={d.deviceId || i} value={d.deviceId}>
                      {d.label || `Camera ${i + 1}`}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              Microphone
              <select value={micId ?? ''} onChange={(e) => setMicId(e.target.value || null)} data-testid="mic-select">
                <option value="">Default microphone</option>
                {devices.mics.map((d, i) => (
                  <option key={d.deviceId || i} value={d.deviceId}>
                    {d.label || `Microphone ${i + 1}`}
                  </option>
                ))}
              </select>
              <span className="meter" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)} data-testid="mic-level">
                <span style={{ width: `${Math.round(level * 100)}%` }} />
              </span>
            </label>
            <label>
              Quality
              <select value={height} onChange={(e) => setHeight(Number(e.target.value) === 720 ? 720 : 1080)} data-testid="resolution">
                <option value={720}>720p</option>
                <option value={1080}>1080p</option>
              </select>
            </label>
            <label>
              Maximum length
              <select value={maxSeconds} onChange={(e) => setMaxSeconds(Number(e.target.value))} data-testid="max-length">
                {MAX_LENGTHS.map(([s, label]) => (
                  <option key={s} value={s}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            {mode === 'screen+camera' && (
              <>
                <label>
                  Bubble position
                  <select value={bubble.position} onChange={(e) => setBubble({ ...bubble, position: e.target.value as BubbleOptions['position'] })}>
                    <option value="bottom-left">Bottom left</option>
                    <option value="bottom-right">Bottom right</option>
                    <option value="top-left">Top left</option>
                    <option value="top-right">Top right</option>
                  </select>
                </label>
                <label>
                  Bubble
                  <span className="row">
                    <select value={bubble.size} onChange={(e) => setBubble({ ...bubble, size: e.target.value as BubbleOptions['size'] })} aria-label="Bubble size">
                      <option value="small">Small</option>
                      <option value="medium">Medium</option>
                      <option value="large">Large</option>
                    </select>
                    <select value={bubble.shape} onChange={(e) => setBubble({ ...bubble, shape: e.target.value as BubbleOptions['shape'] })} aria-label="Bubble shape">
                      <option value="circle">Circle</option>
                      <option value="rounded">Rounded</option>
                    </select>
                  </span>
                </label>
              </>
            )}
          </div>
          <div className="row">
            <button type="button" className="button button-primary button-large" data-testid="record-start" onClick={() => void begin()}>
              Start recording
            </button>
            <span className="muted small">
              <span className="kbd">Alt</span>+<span className="kbd">Shift</span>+<span className="kbd">R</span>
            </span>
          </div>
        </div>
      ) : null}

      {(phase === 'countdown' || active) && (
        <div className="recorder-bar">
          {active && (
            <>
              <span className={phase === 'paused' ? 'rec-dot paused' : 'rec-dot'} aria-hidden="true" />
              <span className="timer" data-testid="record-elapsed">
                {formatDuration(elapsedMs)}
                {maxSeconds > 0 ? ` / ${formatDuration(maxSeconds * 1000)}` : ''}
              </span>
              {phase === 'recording' ? (
                <button type="button" className="button" data-testid="record-pause" onClick={() => void togglePause()}>
                  Pause
                </button>
              ) : (
                <button type="button" className="button" data-testid="record-resume" onClick={() => void togglePause()}>
                  Resume
                </button>
              )}
              <button type="button" className="button button-danger" data-testid="record-stop" onClick={() => void stop()}>
                Stop
              </button>
              <button type="button" className="button" data-testid="record-restart" onClick={() => void restart()}>
                Restart
              </button>
            </>
          )}
          <button type="button" className="button" data-testid="record-cancel" onClick={() => void cancel()}>
            Cancel
          </button>
          <span className="muted small">
            <span className="kbd">Alt</span>+<span className="kbd">Shift</span>+<span className="kbd">S</span> stop ·{' '}
            <span className="kbd">P</span> pause · <span className="kbd">C</span> cancel
          </span>
        </div>
      )}

      {(active || phase === 'finishing' || phase === 'done') && (
        <div aria-live="polite">
          <div className="progress" role="progressbar" aria-valuenow={uploadDone ? 100 : pct} aria-valuemin={0} aria-valuemax={100} aria-label="Upload">
            <span style={{ width: `${uploadDone ? 100 : pct}%` }} />
          </div>
          <p className="muted small" data-testid="upload-progress">
            {uploadDone ? `Uploaded ${formatBytes(recorded)}` : `Uploaded ${formatBytes(uploaded)} of ${formatBytes(recorded)} recorded`}
          </p>
        </div>
      )}

      {share && (phase === 'finishing' || phase === 'done') && (
        <div className="share">
          <span>Your link:</span>
          <a
            href={`/v/${share.videoId}`}
            data-testid="share-link"
            onClick={(e) => {
              // leaving this page would cut the last upload request: follow the link once the
              // server has the whole recording (a few seconds at most; the safety copy keeps the rest)
              if (uploadDone || !live.current || e.metaKey || e.ctrlKey || e.shiftKey) return;
              e.preventDefault();
              const href = e.currentTarget.href;
              note('Finishing the upload, then opening the video…');
              void live.current.whenUploaded(8000).then(() => window.location.assign(href));
            }}
          >
            {share.shareUrl}
          </a>
          <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(share.shareUrl)}>
            Copy
          </button>
          <button type="button" className="button" onClick={() => setPhase('setup')}>
            Record another
          </button>
        </div>
      )}

      {review && phase === 'done' && <ReviewPanel recording={review.blob} mimeType={review.mimeType} videoId={review.videoId} />}

      {notes.map((n) => (
        <p key={n} className="muted small" data-testid="recorder-note">
          {n}
        </p>
      ))}
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
