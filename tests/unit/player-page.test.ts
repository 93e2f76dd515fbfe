import { describe, expect, it } from 'vitest';
import { liveMasterPlaylist, livePlaylist } from '@/lib/process/pipeline/live-playlist';
import { parseMasterPlaylist, parseMediaPlaylist } from '@/lib/process/media/hls';
import { startRendition } from '@/lib/watch/player/page-player';
import { playerMarkup } from '@/lib/watch/browser/player/markup';
import { mediaPath, streamSettings } from '@/lib/watch/browser/player/settings';
import { isLive } from '@/lib/videos/view';
import { pickEncoding } from '@/lib/server/routes/static-assets';

describe('the page player', () => {
  it('starts on the tallest rung at most 360p, else the smallest', () => {
    expect(startRendition([{ height: 1080 }, { height: 720 }, { height: 480 }, { height: 360 }])?.height).toBe(360);
    expect(startRendition([{ height: 720 }, { height: 240 }])?.height).toBe(240);
    expect(startRendition([{ height: 1080 }, { height: 720 }])?.height).toBe(720);
    expect(startRendition([])).toBeNull();
  });

  it('keys inline playlists by their path under /media/, on any base and with any signature', () => {
    expect(mediaPath('/media/videos/a/v1/master.m3u8?exp=1&sig=x')).toBe('videos/a/v1/master.m3u8');
    expect(mediaPath('https://cdn.example/media/videos/a/v1/480p/index.m3u8?sig=y')).toBe('videos/a/v1/480p/index.m3u8');
    expect(mediaPath('/api/v1/streams/a')).toBeNull();
  });

  it('builds settings from a stream answer: the share token on captions and APIs, a live stream played from its start', () => {
    const s = streamSettings(
      { master: '/media/videos/a/v1/master.m3u8?sig=1', poster: null, captions: [{ lang: 'en', label: 'Captions (en)', url: '/api/v1/videos/a/transcript?format=vtt' }], storyboard: null, fallbacks: ['https://cdn.example/media/videos/a/v1/master.m3u8?sig=1'], playback: { token: 't', nextSeq: 1 }, status: 'live' },
      { videoId: 'a', token: 'sh are', surface: 'embed' },
    );
    expect(s.captions[0]!.url).toBe('/api/v1/videos/a/transcript?format=vtt&token=sh%20are');
    expect(s.renewUrl).toBe('/api/v1/streams/a?renew=1&surface=embed&token=sh%20are');
    expect(s.analytics?.endpoint).toBe('/api/v1/videos/a/playback-events?token=sh%20are');
    expect(s.bases).toEqual(['', 'https://cdn.example']);
    expect(s.live).toBe(true);
  });

  it('writes the frame with the first segment preloaded, and JSON no title or playlist can break out of', () => {
    const settings = streamSettings({ master: '/media/videos/a/v1/master.m3u8', poster: '/p.jpg?a=1&b=2', captions: [], storyboard: null }, { videoId: 'a', token: null, surface: 'page' });
    settings.playlists = { 'videos/a/v1/master.m3u8': '#EXTM3U\n</script><script>alert(1)</script>' };
    const html = playerMarkup({ settings, script: '/player/watch.js?v=1', preload: '/media/videos/a/v1/480p/seg_0000.ts?sig=1' }, { title: 'A "title" <b>' });
    expect(html).toContain('<link rel="preload" as="fetch" crossorigin="anonymous" fetchpriority="high" href="/media/videos/a/v1/480p/seg_0000.ts?sig=1">');
    expect(html).toContain('poster="/p.jpg?a=1&amp;b=2"');
    expect(html).toContain('aria-label="Video player: A &quot;title&quot; &lt;b&gt;"');
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the settings' and the player's own: nothing inside the JSON closes it
    expect(html).toContain('\\u003c/script>');
    expect(html.indexOf('<link rel="preload"')).toBeLessThan(html.indexOf('<script async'));
  });
});

describe('a recording watched while it goes on', () => {
  it('is published as an EVENT playlist that never says it ended, under a one-rung master', () => {
    const ffmpeg = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:2.000,\nseg_0000.ts\n#EXTINF:2.000,\nseg_0001.ts\n#EXT-X-ENDLIST\n';
    const live = livePlaylist(ffmpeg);
    expect(live).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(parseMediaPlaylist(live)).toMatchObject({ ended: false, segments: [{ uri: 'seg_0000.ts' }, { uri: 'seg_0001.ts' }] });
    const master = parseMasterPlaylist(liveMasterPlaylist({ name: '720p', width: 1280, height: 720, maxBitrate: 5_000_000 }));
    expect(master).toEqual([{ uri: '720p/index.m3u8', attributes: { BANDWIDTH: '5000000', RESOLUTION: '1280x720' } }]);
  });

  it('is live only before it was ever playable', () => {
    const at = new Date();
    expect(isLive({ status: 'uploading', masterKey: 'videos/a/v/master.m3u8', playableAt: null })).toBe(true);
    expect(isLive({ status: 'processing', masterKey: 'videos/a/v/master.m3u8', playableAt: null })).toBe(true);
    expect(isLive({ status: 'uploading', masterKey: null, playableAt: null })).toBe(false);
    expect(isLive({ status: 'processing', masterKey: 'videos/a/v/master.m3u8', playableAt: at })).toBe(false);
    expect(isLive({ status: 'playable', masterKey: 'videos/a/v/master.m3u8', playableAt: at })).toBe(false);
  });
});

describe('built scripts as the build compressed them', () => {
  it('sends Brotli where accepted, else gzip, else the file itself', () => {
    expect(pickEncoding('gzip, deflate, br, zstd', { br: true, gz: true })).toBe('br');
    expect(pickEncoding('gzip, deflate', { br: true, gz: true })).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip', { br: true, gz: true })).toBe('gzip');
    expect(pickEncoding('br', { br: false, gz: true })).toBeNull();
    expect(pickEncoding(null, { br: true, gz: true })).toBeNull();
  });
});
