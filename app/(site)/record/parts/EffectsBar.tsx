'use client';

import { INK_COLORS, INK_TOOLS, type InkTool } from '@/lib/record/browser/ink';
import type { CameraBackground } from '@/lib/record/browser/compositor-program';

export interface DrawState {
  on: boolean;
  tool: InkTool;
  color: string;
  keep: boolean;
}

/** The camera's background select, with a picture picker for `image` (before and during a recording). */
export function BackgroundSelect(props: { value: CameraBackground; hasImage: boolean; disabled?: boolean; onChange(v: CameraBackground): void; onPicture(file: File): void }) {
  const { value, hasImage, disabled, onChange, onPicture } = props;
  return (
    <span className="row">
      <select value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as CameraBackground)} data-testid="camera-background" aria-label="Camera background">
        <option value="off">No effect</option>
        <option value="blur">Blur</option>
        <option value="image">Picture</option>
      </select>
      {value === 'image' && (
        <label className="button button-small file-button">
          {hasImage ? 'Change picture…' : 'Choose picture…'}
          <input
            type="file"
            accept="image/jpeg,image/png,image/webp"
            data-testid="camera-background-image"
            className="sr-only"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) onPicture(f);
              e.target.value = '';
            }}
          />
        </label>
      )}
    </span>
  );
}

/** The noise suppression checkbox with the level of what the recording hears. */
export function NoiseToggle(props: { on: boolean; level: number; onChange(on: boolean): void }) {
  return (
    <span className="noise-toggle">
      <label className="check">
        <input type="checkbox" checked={props.on} onChange={(e) => props.onChange(e.target.checked)} data-testid="noise-suppression" />
        Noise suppression
      </label>
      <span className="meter" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(props.level * 100)} data-testid="mic-level">
        <span style={{ width: `${Math.round(props.level * 100)}%` }} />
      </span>
    </span>
  );
}

/** While recording: background, noise suppression and level, drawing mode with its tools. */
export default function EffectsBar(props: {
  background: CameraBackground;
  /** The effect's state in the compositor (on, loading, slow…), for the person and for tests. */
  effectState: string | null;
  hasImage: boolean;
  backgroundAvailable: boolean;
  onBackground(v: CameraBackground): void;
  onPicture(file: File): void;
  noise: boolean;
  level: number;
  onNoise(on: boolean): void;
  canDraw: boolean;
  draw: DrawState;
  onDraw(next: DrawState): void;
  onClear(): void;
}) {
  const { draw, onDraw } = props;
  return (
    <div className="effects-bar" aria-label="Recording effects" data-testid="effects-bar" data-effect={props.effectState ?? 'none'}>
      {props.backgroundAvailable && (
        <span className="row">
          <BackgroundSelect value={props.background} hasImage={props.hasImage} onChange={props.onBackground} onPicture={props.onPicture} />
          {props.effectState === 'loading' && <span className="muted small">Starting…</span>}
        </span>
      )}
      <NoiseToggle on={props.noise} level={props.level} onChange={props.onNoise} />
      {props.canDraw && (
        <span className="row draw-tools">
          <button type="button" className={draw.on ? 'button button-small on' : 'button button-small'} aria-pressed={draw.on} data-testid="draw-toggle" onClick={() => onDraw({ ...draw, on: !draw.on })}>
            {draw.on ? 'Drawing (Esc to stop)' : 'Draw'}
          </button>
          {draw.on && (
            <>
              <span className="segmented small" role="radiogroup" aria-label="Drawing tool">
                {INK_TOOLS.map(([t, label]) => (
                  <button key={t} type="button" role="radio" aria-checked={draw.tool === t} className={draw.tool === t ? 'on' : ''} data-testid={`draw-tool-${t}`} onClick={() => onDraw({ ...draw, tool: t })}>
                    {label}
                  </button>
                ))}
              </span>
              <span className="swatches" role="radiogroup" aria-label="Colour">
                {INK_COLORS.map(([c, label]) => (
                  <button key={c} type="button" role="radio" aria-checked={draw.color === c} aria-label={label} title={label} className={draw.color === c ? 'swatch on' : 'swatch'} style={{ background: c }} onClick={() => onDraw({ ...draw, color: c })} />
                ))}
              </span>
              <label className="check small">
                <input type="checkbox" checked={draw.keep} onChange={(e) => onDraw({ ...draw, keep: e.target.checked })} data-testid="draw-keep" />
                Keep strokes
              </label>
              <button type="button" className="button button-small" data-testid="draw-clear" onClick={props.onClear}>
                Clear
              </button>
            </>
          )}
        </span>
      )}
    </div>
  );
}
