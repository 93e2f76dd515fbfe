/**
 * Recording profiles: the choices a person makes before recording — what to record, with which
 * devices, at which quality, the camera's background, noise suppression, the bubble — kept under a
 * name, so "Demo at 1080p, blurred" and "Quick camera note" are one click each. /record keeps them in
 * localStorage and the extension in chrome.storage.local; the model and its validation are this
 * one module (pure: anything read from storage is checked field by field, never trusted).
 */
import type { BubbleOptions, Mode } from './capture';
import type { CameraBackground } from './compositor-program';

export interface RecordingProfile {
  id: string;
  name: string;
  mode: Mode;
  height: 720 | 1080;
  cameraId: string | null;
  micId: string | null;
  background: CameraBackground;
  /** The picture behind the person for `image`: a data: URL (downscaled JPEG), or null. */
  backgroundImage: string | null;
  noiseSuppression: boolean;
  bubble: BubbleOptions;
}

export interface ProfileStore {
  profiles: RecordingProfile[];
  current: string;
}

export const MAX_PROFILES = 12;
/** A picture behind the person is kept at most this long as a data: URL (≈ 750 KB of JPEG). */
export const MAX_BACKGROUND_IMAGE_CHARS = 1_000_000;

export const DEFAULT_PROFILE: RecordingProfile = {
  id: 'default',
  name: 'Default',
  mode: 'screen+camera',
  height: 720,
  cameraId: null,
  micId: null,
  background: 'off',
  backgroundImage: null,
  noiseSuppression: true,
  bubble: { position: 'bottom-left', size: 'medium', shape: 'circle' },
};

export const DEFAULT_STORE: ProfileStore = { profiles: [DEFAULT_PROFILE], current: DEFAULT_PROFILE.id };

const oneOf = <T extends string>(v: unknown, options: readonly T[], fallback: T): T => (options.includes(v as T) ? (v as T) : fallback);
const idOrNull = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 512 ? v : null);

/** One stored profile, checked; null when it is not one. */
export function parseProfile(raw: unknown): RecordingProfile | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const id = typeof r.id === 'string' && /^[\w-]{1,64}$/.test(r.id) ? r.id : null;
  const name = typeof r.name === 'string' ? r.name.trim().slice(0, 60) : '';
  if (!id || !name) return null;
  const d = DEFAULT_PROFILE;
  const b = (r.bubble && typeof r.bubble === 'object' ? r.bubble : {}) as Record<string, unknown>;
  const image = typeof r.backgroundImage === 'string' && /^data:image\/(jpeg|png|webp);base64,/.test(r.backgroundImage) && r.backgroundImage.length <= MAX_BACKGROUND_IMAGE_CHARS ? r.backgroundImage : null;
  return {
    id,
    name,
    mode: oneOf(r.mode, ['screen+camera', 'screen', 'camera'] as const, d.mode),
    height: r.height === 1080 ? 1080 : 720,
    cameraId: idOrNull(r.cameraId),
    micId: idOrNull(r.micId),
    background: oneOf(r.background, ['off', 'blur', 'image'] as const, 'off'),
    backgroundImage: image,
    noiseSuppression: typeof r.noiseSuppression === 'boolean' ? r.noiseSuppression : d.noiseSuppression,
    bubble: {
      position: oneOf(b.position, ['bottom-left', 'bottom-right', 'top-left', 'top-right'] as const, d.bubble.position),
      size: oneOf(b.size, ['small', 'medium', 'large'] as const, d.bubble.size),
      shape: oneOf(b.shape, ['circle', 'rounded'] as const, d.bubble.shape),
    },
  };
}

/** The stored profiles, checked: bad entries dropped, duplicates of an id dropped, never empty. */
export function parseStore(raw: unknown): ProfileStore {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const seen = new Set<string>();
  const profiles: RecordingProfile[] = [];
  for (const p of Array.isArray(r.profiles) ? r.profiles : []) {
    const ok = parseProfile(p);
    if (ok && !seen.has(ok.id) && profiles.length < MAX_PROFILES) {
      seen.add(ok.id);
      profiles.push(ok);
    }
  }
  if (profiles.length === 0) return DEFAULT_STORE;
  const current = typeof r.current === 'string' && seen.has(r.current) ? r.current : profiles[0]!.id;
  return { profiles, current };
}

export function currentProfile(s: ProfileStore): RecordingProfile {
  return s.profiles.find((p) => p.id === s.current) ?? s.profiles[0] ?? DEFAULT_PROFILE;
}

/** Changes the current profile (the choice is remembered as it is made). */
export function updateCurrent(s: ProfileStore, patch: Partial<Omit<RecordingProfile, 'id'>>): ProfileStore {
  const cur = currentProfile(s);
  const next = parseProfile({ ...cur, ...patch }) ?? cur;
  return { ...s, profiles: s.profiles.map((p) => (p.id === cur.id ? next : p)) };
}

export function selectProfile(s: ProfileStore, id: string): ProfileStore {
  return s.profiles.some((p) => p.id === id) ? { ...s, current: id } : s;
}

/** A new profile with the current one's choices under another name; it becomes the current one. */
export function addProfile(s: ProfileStore, name: string, id: string): ProfileStore {
  const clean = name.trim().slice(0, 60);
  if (!clean || s.profiles.length >= MAX_PROFILES) return s;
  const p = parseProfile({ ...currentProfile(s), id, name: clean });
  return p ? { profiles: [...s.profiles, p], current: p.id } : s;
}

/** Removes a profile (never the last one). */
export function removeProfile(s: ProfileStore, id: string): ProfileStore {
  if (s.profiles.length <= 1) return s;
  const profiles = s.profiles.filter((p) => p.id !== id);
  return { profiles, current: s.current === id ? profiles[0]!.id : s.current };
}

export const PROFILES_KEY = 'weft.recording-profiles';
