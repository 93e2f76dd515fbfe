import { describe, expect, it } from 'vitest';
import { PlayerJsReceiver, readySrc, type MediaAdapter } from '@/lib/watch/browser/player/playerjs';

/** A media element stand-in that only answers: the receiver's messages are what is under test. */
const media: MediaAdapter = {
  play() {},
  pause() {},
  paused: () => true,
  setMuted() {},
  muted: () => false,
  setVolume() {},
  volume: () => 1,
  duration: () => 8,
  setCurrentTime() {},
  currentTime: () => 0,
  setLoop() {},
  loop: () => false,
  buffered: () => 0,
  on: () => () => undefined,
};

const EMBED = 'https://weft.example/embed/8d3c2c1e-0000-4000-8000-000000000001?token=SECRET-share-token&autoplay=1';

describe('player.js messages from the embed', () => {
  it.each([
    [true, EMBED],
    [false, 'https://weft.example/embed/8d3c2c1e-0000-4000-8000-000000000001?autoplay=1'],
  ])('parent origin known: %s → ready src %s', (known, want) => expect(readySrc(EMBED, known)).toBe(want));

  it.each([
    ['an unknown parent', null, '*'],
    ['a known parent', 'https://blog.example', 'https://blog.example'],
  ])('to %s: ready goes to %s, and a share token only where the origin is known', (_l, parentOrigin, target) => {
    const sent: Array<{ message: string; target: string }> = [];
    const parent = { postMessage: (message: string, t: string) => sent.push({ message, target: t }) };
    const receiver = new PlayerJsReceiver(media, { parent, parentOrigin, src: readySrc(EMBED, parentOrigin !== null) });
    receiver.start();
    receiver.ready();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.target).toBe(target);
    expect(sent[0]!.message.includes('SECRET-share-token')).toBe(parentOrigin !== null);
  });
});
