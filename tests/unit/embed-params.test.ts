import { describe, expect, it } from 'vitest';
import { EMBED_DEFAULTS, embedUrl, parseEmbedParams, parseTime } from '@/lib/watch/browser/embed-params';

describe('embed parameters', () => {
  it.each([
    ['90', 90],
    ['90s', 90],
    ['1m30s', 90],
    ['1m', 60],
    ['2h', 7200],
    ['1h2m3s', 3723],
    ['01:30', 90],
    ['1:02:03', 3723],
    ['12.5', 12.5],
  ])('t=%s → %s s', (raw, s) => expect(parseTime(raw)).toBe(s));

  it.each(['', 'abc', '-5', '1m30', '1:75', 'ms', '1h2x', '1e5', '99999999999999999999999'])('t=%j is ignored', (raw) => {
    expect(parseEmbedParams(new URLSearchParams({ t: raw })).start).toBe(0);
  });

  it('reads the YouTube/PeerTube/Mux names, start as an alias of t', () => {
    const p = parseEmbedParams(new URLSearchParams('start=1m30s&autoplay=1&muted=1&loop=true&controls=0&playbackRate=1.5&captions=de&quality=720p&api=1'));
    expect(p).toEqual({ start: 90, autoplay: true, muted: true, loop: true, controls: false, playbackRate: 1.5, captions: 'de', quality: '720p', api: true });
    expect(parseEmbedParams({ t: '10', start: '20' }).start).toBe(10);
    expect(parseEmbedParams({ captions: 'off' }).captions).toBe('off');
  });

  it('bad values keep the defaults', () => {
    const p = parseEmbedParams(new URLSearchParams('autoplay=maybe&controls=2&playbackRate=9&captions=<script>&quality=best&api=x&loop='));
    expect(p).toEqual({ ...EMBED_DEFAULTS, loop: true });
  });

  it('builds embed URLs', () => {
    expect(embedUrl('https://w.example/', 'abc')).toBe('https://w.example/embed/abc');
    expect(embedUrl('https://w.example', 'abc', { token: 't k', start: 42.7 })).toBe('https://w.example/embed/abc?token=t+k&t=42');
  });
});

describe('player keys', () => {
  it('map as YouTube’s do', async () => {
    const { keyAction } = await import('@/lib/watch/browser/player/keys');
    expect(keyAction(' ')).toEqual({ kind: 'toggle' });
    expect(keyAction('k')).toEqual({ kind: 'toggle' });
    expect(keyAction('j')).toEqual({ kind: 'seekBy', seconds: -10 });
    expect(keyAction('l')).toEqual({ kind: 'seekBy', seconds: 10 });
    expect(keyAction('ArrowLeft')).toEqual({ kind: 'seekBy', seconds: -5 });
    expect(keyAction('ArrowRight')).toEqual({ kind: 'seekBy', seconds: 5 });
    expect(keyAction('m')).toEqual({ kind: 'mute' });
    expect(keyAction('f')).toEqual({ kind: 'fullscreen' });
    expect(keyAction('c')).toEqual({ kind: 'captions' });
    expect(keyAction('0')).toEqual({ kind: 'seekTo', fraction: 0 });
    expect(keyAction('7')).toEqual({ kind: 'seekTo', fraction: 0.7 });
    expect(keyAction('x')).toBeNull();
  });
});
