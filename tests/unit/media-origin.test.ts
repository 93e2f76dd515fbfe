import { describe, expect, it } from 'vitest';
import { contentTypeOf, parseRange } from '@/lib/watch/media-origin';
import { isSafeKey } from '@/lib/platform/storage';

describe('media origin', () => {
  it('parses byte ranges', () => {
    expect(parseRange(null, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('invalid');
    expect(parseRange('bytes=5-2', 100)).toBe('invalid');
    expect(parseRange('items=0-1', 100)).toBe('invalid');
    expect(parseRange('bytes=0-1,4-5', 100)).toBe('invalid');
  });

  it('knows HLS content types and refuses unknown files', () => {
    expect(contentTypeOf('a/master.m3u8')).toBe('application/vnd.apple.mpegurl');
    expect(contentTypeOf('a/seg_0001.ts')).toBe('video/mp2t');
    expect(contentTypeOf('a/poster.jpg')).toBe('image/jpeg');
    expect(contentTypeOf('a/evil.json')).toBeNull();
  });

  it('rejects keys that could leave the media folder', () => {
    expect(isSafeKey('videos/abc/o1/720p/seg_0001.ts')).toBe(true);
    for (const k of ['../db/x', 'videos/../uploads/x', '/etc/passwd', 'videos//x', 'videos/.hidden', 'a\\b', 'videos/a\0b', '']) {
      expect(isSafeKey(k)).toBe(false);
    }
  });
});
