import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed media URLs: every playlist, segment and poster URL of a video carries `exp` and `sig`,
 * an HMAC over the video id and the expiry, so one signature covers all of that video's files and
 * nothing else. Playlists are rewritten on the way out so nested URLs stay signed.
 */
export interface MediaSignature {
  exp: number;
  sig: string;
}

function mac(key: string, videoId: string, exp: number): string {
  return createHmac('sha256', key).update(`media.${videoId}.${exp}`).digest('base64url');
}

export function signVideo(key: string, videoId: string, expiresAt: Date): MediaSignature {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return { exp, sig: mac(key, videoId, exp) };
}

export function signedQuery(s: MediaSignature): string {
  return `exp=${s.exp}&sig=${s.sig}`;
}

export type SignatureCheck = 'ok' | 'missing' | 'expired' | 'invalid';

export function checkSignature(key: string, videoId: string, exp: string | null, sig: string | null, now = Date.now()): SignatureCheck {
  if (!exp || !sig) return 'missing';
  if (!/^\d{1,12}$/.test(exp)) return 'invalid';
  const expected = Buffer.from(mac(key, videoId, Number(exp)));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  if (Number(exp) * 1000 < now) return 'expired';
  return 'ok';
}

/** Appends the signature to every URI line of a playlist (and URI="…" attributes). */
export function signPlaylist(text: string, query: string): string {
  const add = (uri: string) => (uri.includes('?') ? `${uri}&${query}` : `${uri}?${query}`);
  return text
    .split('\n')
    .map((line) => {
      const t = line.trim();
      if (t === '') return line;
      if (!t.startsWith('#')) return add(t);
      return line.replace(/URI="([^"]+)"/g, (_m, uri: string) => `URI="${add(uri)}"`);
    })
    .join('\n');
}

/** A stateless proof that this browser unlocked a password-protected video (until the password changes). */
export function unlockProof(key: string, videoId: string, passwordVersion: number): string {
  return createHmac('sha256', key).update(`unlock.${videoId}.${passwordVersion}`).digest('base64url');
}

export function checkUnlockProof(key: string, videoId: string, passwordVersion: number, proof: string | null | undefined): boolean {
  if (!proof) return false;
  const expected = Buffer.from(unlockProof(key, videoId, passwordVersion));
  const given = Buffer.from(proof);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
