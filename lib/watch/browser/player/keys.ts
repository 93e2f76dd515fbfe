/** The player's keyboard, as YouTube's (watch page and embed). */
/** Pure: what a key does (null: not ours). YouTube's keys. */
export type KeyAction =
  | { kind: 'toggle' }
  | { kind: 'seekBy'; seconds: number }
  | { kind: 'seekTo'; fraction: number }
  | { kind: 'mute' }
  | { kind: 'fullscreen' }
  | { kind: 'captions' };

export function keyAction(key: string): KeyAction | null {
  switch (key) {
    case ' ':
    case 'k':
    case 'K':
      return { kind: 'toggle' };
    case 'j':
    case 'J':
      return { kind: 'seekBy', seconds: -10 };
    case 'l':
    case 'L':
      return { kind: 'seekBy', seconds: 10 };
    case 'ArrowLeft':
      return { kind: 'seekBy', seconds: -5 };
    case 'ArrowRight':
      return { kind: 'seekBy', seconds: 5 };
    case 'm':
    case 'M':
      return { kind: 'mute' };
    case 'f':
    case 'F':
      return { kind: 'fullscreen' };
    case 'c':
    case 'C':
      return { kind: 'captions' };
    default:
      return /^[0-9]$/.test(key) ? { kind: 'seekTo', fraction: Number(key) / 10 } : null;
  }
}
