/** What the extension remembers (chrome.storage.local): the server, its token, and the person's choices. */
import type { Mode } from '../../lib/record/browser/capture';
import type { Connection, Source } from './protocol';

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
};

/** A server baked in at build time (`npm run build:extension -- --server URL`), used until one is chosen. */
declare const __WEFT_SERVER__: string;

export async function loadSettings(): Promise<Settings> {
  const stored = (await chrome.storage.local.get(null)) as Partial<Settings>;
  const baked = typeof __WEFT_SERVER__ === 'string' && __WEFT_SERVER__ ? __WEFT_SERVER__ : null;
  return { ...DEFAULTS, server: baked, ...stored };
}

export async function saveSettings(patch: Partial<Settings>): Promise<void> {
  await chrome.storage.local.set(patch);
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
