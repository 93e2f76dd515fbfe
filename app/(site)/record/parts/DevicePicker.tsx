'use client';

import type { BubbleOptions, Devices, Mode } from '@/lib/record/browser/capture';
import type { RecordingSettings } from '@/lib/record/browser/core';
import type { CameraBackground } from '@/lib/record/browser/compositor-program';
import type { useProfiles } from '../use-profiles';
import { BackgroundSelect, NoiseToggle } from './EffectsBar';
import ProfileBar from './ProfileBar';

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

/** What to record and with which devices: mode, camera, microphone (with its level), quality, length, bubble. */
export default function DevicePicker(props: {
  settings: RecordingSettings;
  onChange(next: RecordingSettings): void;
  devices: Devices;
  level: number;
  onStart(): void;
  /** False where the browser cannot share a screen (phones): camera only. */
  screenShare?: boolean;
  profiles: ReturnType<typeof useProfiles>;
  noiseSuppression: boolean;
  onNoiseSuppression(on: boolean): void;
  onBackground(b: CameraBackground): void;
  onPicture(file: File): void;
}) {
  const { settings, devices, level, onStart } = props;
  const { mode, cameraId, micId, height, maxSeconds, bubble } = settings;
  const change = (patch: Partial<RecordingSettings>) => props.onChange({ ...settings, ...patch });
  const setMode = (m: Mode) => change({ mode: m });
  const setCameraId = (id: string | null) => change({ cameraId: id });
  const setMicId = (id: string | null) => change({ micId: id });
  const setHeight = (h: 720 | 1080) => change({ height: h });
  const setMaxSeconds = (s: number) => change({ maxSeconds: s });
  const setBubble = (b: BubbleOptions) => change({ bubble: b });
  const usesCamera = mode !== 'screen';
  const screenShare = props.screenShare ?? true;
  const modes = screenShare ? MODES : MODES.filter(([m]) => m === 'camera');
  return (
    <div className="panel setup">
      {!screenShare && (
        <p className="muted small" data-testid="camera-only-note">
          This device cannot share its screen, so Weft records your camera.
        </p>
      )}
      <ProfileBar profiles={props.profiles} />
      <div className="segmented" role="radiogroup" aria-label="What to record">
        {modes.map(([m, label]) => (
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
        </label>
        <div className="field">
          <NoiseToggle on={props.noiseSuppression} level={level} onChange={props.onNoiseSuppression} />
        </div>
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
        {usesCamera && (
          <div className="field">
            <span>Background</span>
            <BackgroundSelect value={settings.background ?? 'off'} hasImage={!!settings.backgroundImage} onChange={props.onBackground} onPicture={props.onPicture} />
          </div>
        )}
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
        <button type="button" className="button button-primary button-large" data-testid="record-start" onClick={onStart}>
          Start recording
        </button>
        <span className="muted small">
          <span className="kbd">Alt</span>+<span className="kbd">Shift</span>+<span className="kbd">R</span>
        </span>
      </div>
    </div>
  );
}
