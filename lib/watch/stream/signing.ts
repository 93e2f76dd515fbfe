import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed media URLs. A signature opens only what it was issued for, and only while the access that
 * minted it lasts:
 *  - its **scope** is either `stream` (every playlist, segment and image of one video: what a
 *    player needs) or one `file` (an unfurl image: that image and nothing else);
 *  - its **epoch** is the video's access epoch when it was signed; revoking a share link, changing
 *    visibility or the password bumps the epoch, and the origin refuses every older signature;
 *  - its **expiry**.
 * The HMAC covers the video id, the scope (with the file's key), the epoch and the expiry.
 * Playlists are rewritten on the way out so nested URLs carry the same stream signature.
 */
export type MediaScope = { kind: 'stream' } | { kind: 'file'; key: string };

export interface MediaSignature {
  exp: number;
  /** The video's access epoch at signing. */
  ep: number;
  /** `s`: stream, `f`: one file. */
  sc: 's' | 'f';
  sig: string;
}

export const STREAM_SCOPE: MediaScope = { kind: 'stream' };

function mac(key: string, videoId: string, scope: string, epoch: number, exp: number): string {
  return createHmac('sha256', key).update(`media2.${videoId}.${scope}.${epoch}.${exp}`).digest('base64url');
}

const scopeInput = (scope: MediaScope) => (scope.kind === 'stream' ? 'stream' : `file:${scope.key}`);

export function signVideo(key: string, videoId: string, expiresAt: Date, access: { epoch: number; scope?: MediaScope }): MediaSignature {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  const scope = access.scope ?? STREAM_SCOPE;
  return { exp, ep: access.epoch, sc: scope.kind === 'stream' ? 's' : 'f', sig: mac(key, videoId, scopeInput(scope), access.epoch, exp) };
}

export function signedQuery(s: MediaSignature): string {
  return `exp=${s.exp}&ep=${s.ep}&sc=${s.sc}&sig=${s.sig}`;
}

/** `revoked`: a genuine signature from before the video's access changed. */
export type SignatureCheck = 'ok' | 'missing' | 'expired' | 'invalid' | 'revoked';

export interface SignatureParams {
  exp: string | null;
  ep: string | null;
  sc: string | null;
  sig: string | null;
}

export function signatureParams(q: URLSearchParams): SignatureParams {
  return { exp: q.get('exp'), ep: q.get('ep'), sc: q.get('sc'), sig: q.get('sig') };
}

/**
 * Step one: is this a signature this server made, for this file (`fileKey`, the storage key asked
 * for)? Returns the epoch it was made under — only a genuine signature gets its epoch read.
 */
export function verifySignature(key: string, videoId: string, fileKey: string, p: SignatureParams): { ok: true; epoch: number } | { ok: false; why: 'missing' | 'invalid' } {
  if (!p.exp || !p.sig || !p.ep || !p.sc) return { ok: false, why: 'missing' };
  if (!/^\d{1,12}$/.test(p.exp) || !/^\d{1,9}$/.test(p.ep) || (p.sc !== 's' && p.sc !== 'f')) return { ok: false, why: 'invalid' };
  const scope: MediaScope = p.sc === 's' ? STREAM_SCOPE : { kind: 'file', key: fileKey };
  const expected = Buffer.from(mac(key, videoId, scopeInput(scope), Number(p.ep), Number(p.exp)));
  const given = Buffer.from(p.sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'invalid' };
  return { ok: true, epoch: Number(p.ep) };
}

/**
 * Checks a signature for one file of a video against the video's current access epoch (null: the
 * video is gone), then its expiry.
 */
export function checkSignature(key: string, videoId: string, fileKey: string, p: SignatureParams, currentEpoch: number | null, now = Date.now()): SignatureCheck {
  const v = verifySignature(key, videoId, fileKey, p);
  return v.ok ? judgeSignature(v.epoch, Number(p.exp), currentEpoch, now) : v.why;
}

/** Step two, for a genuine signature: still under the video's current access, and not expired? */
export function judgeSignature(signedEpoch: number, exp: number, currentEpoch: number | null, now = Date.now()): SignatureCheck {
  if (currentEpoch === null || signedEpoch !== currentEpoch) return 'revoked';
  if (exp * 1000 < now) return 'expired';
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
