import { describe, expect, it } from 'vitest';
import { avcCodecString, parseMasterPlaylist, parseMediaPlaylist, writeMasterPlaylist } from '@/lib/process/media/hls';

describe('HLS playlists', () => {
  it('writes a master playlist with BANDWIDTH, RESOLUTION and CODECS, best first', () => {
    const text = writeMasterPlaylist([
      { uri: '360p/index.m3u8', bandwidth: 800_000, averageBandwidth: 700_000, width: 640, height: 360, codecs: 'avc1.64001e,mp4a.40.2', frameRate: 30 },
      { uri: '720p/index.m3u8', bandwidth: 2_000_000, averageBandwidth: 1_800_000, width: 1280, height: 720, codecs: 'avc1.64001f,mp4a.40.2', frameRate: 30 },
    ]);
    expect(text.startsWith('#EXTM3U\n')).toBe(true);
    const entries = parseMasterPlaylist(text);
    expect(entries.map((e) => e.uri)).toEqual(['720p/index.m3u8', '360p/index.m3u8']);
    expect(entries[0]!.attributes).toMatchObject({ BANDWIDTH: '2000000', RESOLUTION: '1280x720', CODECS: 'avc1.64001f,mp4a.40.2' });
  });

  it('reads segments and durations from a media playlist', () => {
    const p = parseMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\nseg_0.ts\n#EXTINF:1.5,\nseg_1.ts\n#EXT-X-ENDLIST\n');
    expect(p.targetDuration).toBe(2);
    expect(p.segments).toEqual([{ uri: 'seg_0.ts', duration: 2 }, { uri: 'seg_1.ts', duration: 1.5 }]);
    expect(p.ended).toBe(true);
  });

  it('builds RFC 6381 H.264 codec strings from profile and level', () => {
    expect(avcCodecString('High', 31)).toBe('avc1.64001f');
    expect(avcCodecString('High', 40)).toBe('avc1.640028');
    expect(avcCodecString('Main', 30)).toBe('avc1.4d401e');
    expect(avcCodecString('Constrained Baseline', 30)).toBe('avc1.42401e');
  });
});
