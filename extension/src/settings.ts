/**
 * What the extension remembers (chrome.storage.local): the server, its token, and the person's
 * choices. The recording choices (mode, devices, quality, background, noise suppression) live in
 * recording profiles — the model /record uses (lib/record/browser/profiles.ts) — under the same key.
 */
import type { Mode } from '../../lib/record/browser/capture';
import type { CameraBackground } from '../../lib/record/browser/compositor-program';
import { PROFILES_KEY, currentProfile, parseStore, selectProfile, updateCurrent, type ProfileStore } from '../../lib/record/browser/profiles';
import type { CameraEffectMessage, Connection, Source } from './protocol';

export interface Settings {
  server: string | null;
  token: string | null;
  /** Who the token belongs to, for "Connected as …". */
  user: { name: string; email: string } | null;
  mode: Mode;
  source: Source;
  height: 720 | 1080;
  cameraId: string | null;
  micId: string | null;
  /** Open the video in a new tab at Stop. */
  openAfterStop: boolean;
  background: CameraBackground;
  /** The picture behind the person for `image`: a data: URL (downscaled JPEG), or null. */
  backgroundImage: string | null;
  noiseSuppression: boolean;
  /** The recording profiles; mode, height, devices, background and noise suppression are the current one's. */
  profiles: ProfileStore;
}

export const DEFAULTS: Settings = {
  server: null,
  token: null,
  user: null,
  mode: 'screen+camera',
  source: 'tab',
  height: 720,
  cameraId: null,
  micId: null,
  openAfterStop: true,
  background: 'off',
  backgroundImage: null,
  noiseSuppression: true,
  profiles: parseStore(null),
};

/** The fields a profile holds. */
const PROFILE_FIELDS = ['mode', 'height', 'cameraId', 'micId', 'background', 'backgroundImage', 'noiseSuppression'] as const;
type ProfileField = (typeof PROFILE_FIELDS)[number];

/** A server baked in at build time (`npm run build:extension -- --server URL`), used until one is chosen. */
declare const __WEFT_SERVER__: string;

async function storedProfiles(stored: Record<string, unknown>): Promise<ProfileStore> {
  if (stored[PROFILES_KEY]) return parseStore(stored[PROFILES_KEY]);
  // choices saved before profiles existed become the default profile's
  const legacy = Object.fromEntries(PROFILE_FIELDS.filter((k) => k in stored).map((k) => [k, stored[k]]));
  return updateCurrent(parseStore(null), legacy);
}

export async function loadSettings(): Promise<Settings> {
  const stored = (await chrome.storage.local.get(null)) as Record<string, unknown>;
  const baked = typeof __WEFT_SERVER__ === 'string' && __WEFT_SERVER__ ? __WEFT_SERVER__ : null;
  const profiles = await storedProfiles(stored);
  const p = currentProfile(profiles);
  const rest = Object.fromEntries(Object.entries(stored).filter(([k]) => k !== PROFILES_KEY && !(PROFILE_FIELDS as readonly string[]).includes(k))) as Partial<Settings>;
  return { ...DEFAULTS, server: baked, ...rest, mode: p.mode, height: p.height, cameraId: p.cameraId, micId: p.micId, background: p.background, backgroundImage: p.backgroundImage, noiseSuppression: p.noiseSuppression, profiles };
}

export async function saveSettings(patch: Partial<Omit<Settings, 'profiles'>>): Promise<void> {
  const own: Record<string, unknown> = Object.fromEntries(Object.entries(patch).filter(([k]) => !(PROFILE_FIELDS as readonly string[]).includes(k)));
  const forProfile = Object.fromEntries(Object.entries(patch).filter(([k]) => (PROFILE_FIELDS as readonly string[]).includes(k))) as Partial<Pick<Settings, ProfileField>>;
  if (Object.keys(forProfile).length > 0) {
    const stored = (await chrome.storage.local.get(null)) as Record<string, unknown>;
    own[PROFILES_KEY] = updateCurrent(await storedProfiles(stored), forProfile);
  }
  await chrome.storage.local.set(own);
}

/** The camera's background now (popup, picture page): remembered in the profile, and applied to a recording under way. */
export async function chooseBackground(background: CameraBackground, image?: string): Promise<Settings> {
  await saveSettings(image ? { background, backgroundImage: image } : { background });
  const s = await loadSettings();
  const m: CameraEffectMessage = { to: 'camera', type: 'effect', background: s.background, image: s.backgroundImage };
  // nobody may be listening (no recording): that is fine
  await chrome.runtime.sendMessage(m).catch(() => undefined);
  return s;
}

/** Makes another profile the current one. */
export async function chooseProfile(id: string): Promise<void> {
  const stored = (await chrome.storage.local.get(null)) as Record<string, unknown>;
  await chrome.storage.local.set({ [PROFILES_KEY]: selectProfile(await storedProfiles(stored), id) });
}

/** A URL the extension may open for the person: on the connected server, over http(s). */
export function isServerUrl(url: string, server: string | null): boolean {
  if (!server) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === new URL(server).origin;
  } catch {
    return false;
  }
}

export function connectionOf(s: Settings): Connection | null {
  return s.server && s.token ? { server: s.server, token: s.token } : null;
}

/** A loopback host: the only place a plain `http:` server is accepted (a token must not cross a network in clear). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(h) || h === '::1';
}

/**
 * The origin of a server address as typed ("weft.example.com", "http://localhost:3000/record"):
 * https unless http is written out (and http only for loopback), path dropped. Null when it is
 * not an address Weft may send a token to.
 */
export function serverOrigin(input: string): string | null {
  const t = input.trim();
  if (!t) return null;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t}`);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) return null;
    if (!u.hostname || u.username || u.password) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** "Chrome on Linux": names the token in the web app's list. */
export function browserName(ua: string): string {
  const browser = /Edg\//.test(ua) ? 'Edge' : /OPR\//.test(ua) ? 'Opera' : /Brave/.test(ua) ? 'Brave' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : 'Browser';
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /CrOS/.test(ua) ? 'ChromeOS' : /Android/.test(ua) ? 'Android' : /Linux/.test(ua) ? 'Linux' : 'an unknown system';
  return `${browser} on ${os}`;
}
