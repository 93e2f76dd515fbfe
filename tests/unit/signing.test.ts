import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '@/lib/platform/accounts/password';
import { checkSignature, checkUnlockProof, signPlaylist, signVideo, unlockProof } from '@/lib/watch/stream/signing';
import { AccessEpochs } from '@/lib/videos/access-epoch';
import { ManualClock } from '@/lib/platform/clock';
import type { VideoId } from '@/lib/shared/api/enums';

const KEY = 'k'.repeat(40);

describe('signed media URLs', () => {
  const inAnHour = new Date(Date.now() + 3600_000);

  const params = (s: { exp: number; ep: number; sc: string; sig: string }, over: Partial<Record<'exp' | 'ep' | 'sc' | 'sig', string | null>> = {}) => ({
    exp: String(s.exp),
    ep: String(s.ep),
    sc: s.sc,
    sig: s.sig,
    ...over,
  });
  const SEG = 'videos/video-a/v1/720p/seg_0.ts';

  it('a stream signature opens every file of its video, and of no other, under one key', () => {
    const s = signVideo(KEY, 'video-a', inAnHour, { epoch: 0 });
    const cases: Array<[string, string, string, ReturnType<typeof params>, number | null, string]> = [
      ['the segment', 'video-a', SEG, params(s), 0, 'ok'],
      ['the master playlist', 'video-a', 'videos/video-a/v1/master.m3u8', params(s), 0, 'ok'],
      ['the poster', 'video-a', 'videos/video-a/v1/poster.jpg', params(s), 0, 'ok'],
      ['another video', 'video-b', 'videos/video-b/v1/master.m3u8', params(s), 0, 'invalid'],
      ['another key', 'video-a', SEG, params(s), 0, 'invalid'],
      ['a later expiry', 'video-a', SEG, params(s, { exp: String(s.exp + 1) }), 0, 'invalid'],
      ['an edited signature', 'video-a', SEG, params(s, { sig: s.sig.slice(0, -2) + 'AA' }), 0, 'invalid'],
      ['a file scope claimed for it', 'video-a', SEG, params(s, { sc: 'f' }), 0, 'invalid'],
      ['a later epoch claimed', 'video-a', SEG, params(s, { ep: '1' }), 1, 'invalid'],
      ['no expiry', 'video-a', SEG, params(s, { exp: null }), 0, 'missing'],
      ['no epoch', 'video-a', SEG, params(s, { ep: null }), 0, 'missing'],
      ['a word for the expiry', 'video-a', SEG, params(s, { exp: 'soon' }), 0, 'invalid'],
      ['access changed since', 'video-a', SEG, params(s), 1, 'revoked'],
      ['the video deleted', 'video-a', SEG, params(s), null, 'revoked'],
    ];
    for (const [what, video, file, p, epoch, want] of cases) {
      const k = what === 'another key' ? 'x'.repeat(40) : KEY;
      expect(checkSignature(k, video, file, p, epoch), what).toBe(want);
    }
  });

  it('a file signature (an unfurl image) opens that file only', () => {
    const poster = 'videos/video-a/v1/poster.jpg';
    const s = signVideo(KEY, 'video-a', inAnHour, { epoch: 2, scope: { kind: 'file', key: poster } });
    expect(checkSignature(KEY, 'video-a', poster, params(s), 2)).toBe('ok');
    for (const other of ['videos/video-a/v1/master.m3u8', 'videos/video-a/v1/720p/index.m3u8', SEG, 'videos/video-a/v1/storyboard.jpg']) {
      expect(checkSignature(KEY, 'video-a', other, params(s), 2), other).toBe('invalid');
      expect(checkSignature(KEY, 'video-a', other, params(s, { sc: 's' }), 2), `${other} as a stream`).toBe('invalid');
    }
    expect(checkSignature(KEY, 'video-a', poster, params(s), 3)).toBe('revoked');
  });

  it('refuses an expired signature', () => {
    const s = signVideo(KEY, 'video-a', new Date(Date.now() - 1000), { epoch: 0 });
    expect(checkSignature(KEY, 'video-a', SEG, params(s), 0)).toBe('expired');
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

/** Epochs read from a database whose value the test sets (`db.current`), counting the reads. */
function epochsOf(first: number, clock: ManualClock) {
  const db = { current: first, reads: 0 };
  const epochs = new AccessEpochs(
    async () => {
      db.reads++;
      return db.current;
    },
    { ttlMs: 2000, clock },
  );
  return { db, epochs };
}

describe('access epochs through a short cache', () => {
  it('reads again after the TTL, at once for a newer genuine epoch, and never for an older one', async () => {
    const clock = new ManualClock(1_000_000);
    const { db, epochs } = epochsOf(3, clock);
    const id = 'v' as VideoId;
    expect(await epochs.get(id, 3)).toBe(3);
    db.current = 4; // access changed on another node
    expect(await epochs.get(id, 3)).toBe(3); // an old URL: within the TTL, the cache answers
    expect(db.reads).toBe(1);
    expect(await epochs.get(id, 4)).toBe(4); // a URL signed after the change works at once
    expect(db.reads).toBe(2);
    db.current = 5;
    clock.advance(1999);
    expect(await epochs.get(id, 4)).toBe(4);
    clock.advance(2);
    expect(await epochs.get(id, 4)).toBe(5); // past the TTL: the old URL is refused from now on
    expect(db.reads).toBe(3);
  });

  it('an epoch a page just read is kept only where nothing fresher is cached', async () => {
    const clock = new ManualClock(0);
    const { db, epochs } = epochsOf(7, clock);
    const id = 'w' as VideoId;
    epochs.note(id, 7); // the page read the row: the media requests after it need no read
    expect(await epochs.get(id, 7)).toBe(7);
    expect(db.reads).toBe(0);
    db.current = 8; // revoked; this node read it
    clock.advance(2001);
    expect(await epochs.get(id, 7)).toBe(8);
    epochs.note(id, 7); // an older reading (a page that started before) does not undo it
    expect(await epochs.get(id, 7)).toBe(8);
    expect(db.reads).toBe(1);
  });
});
