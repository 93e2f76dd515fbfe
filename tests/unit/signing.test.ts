import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { checkSignature, checkUnlockProof, signPlaylist, signVideo, unlockProof } from '@/lib/streaming/signing';

const KEY = 'k'.repeat(40);

describe('signed media URLs', () => {
  const inAnHour = new Date(Date.now() + 3600_000);

  it('accepts its own signature for the same video only', () => {
    const s = signVideo(KEY, 'video-a', inAnHour);
    expect(checkSignature(KEY, 'video-a', String(s.exp), s.sig)).toBe('ok');
    expect(checkSignature(KEY, 'video-b', String(s.exp), s.sig)).toBe('invalid');
    expect(checkSignature('x'.repeat(40), 'video-a', String(s.exp), s.sig)).toBe('invalid');
    expect(checkSignature(KEY, 'video-a', String(s.exp + 1), s.sig)).toBe('invalid');
    expect(checkSignature(KEY, 'video-a', String(s.exp), s.sig.slice(0, -2) + 'AA')).toBe('invalid');
    expect(checkSignature(KEY, 'video-a', null, s.sig)).toBe('missing');
    expect(checkSignature(KEY, 'video-a', 'soon', s.sig)).toBe('invalid');
  });

  it('refuses an expired signature', () => {
    const s = signVideo(KEY, 'video-a', new Date(Date.now() - 1000));
    expect(checkSignature(KEY, 'video-a', String(s.exp), s.sig)).toBe('expired');
  });

  it('rewrites every URI in a playlist, keeping tags', () => {
    const out = signPlaylist('#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:2.0,\nseg_0.ts\n\n720p/index.m3u8\n', 'exp=1&sig=x');
    expect(out).toBe('#EXTM3U\n#EXT-X-MAP:URI="init.mp4?exp=1&sig=x"\n#EXTINF:2.0,\nseg_0.ts?exp=1&sig=x\n\n720p/index.m3u8?exp=1&sig=x\n');
  });

  it('ties a password unlock to the video and the password version', () => {
    const proof = unlockProof(KEY, 'video-a', 3);
    expect(checkUnlockProof(KEY, 'video-a', 3, proof)).toBe(true);
    expect(checkUnlockProof(KEY, 'video-a', 4, proof)).toBe(false);
    expect(checkUnlockProof(KEY, 'video-b', 3, proof)).toBe(false);
    expect(checkUnlockProof(KEY, 'video-a', 3, undefined)).toBe(false);
  });
});

describe('password hashing', () => {
  it('verifies the right password only, with a salted scrypt hash', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await hashPassword('correct horse battery')).not.toBe(h);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('Correct horse battery', h)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});
