/**
 * The embed's JS API: a receiver of the player.js protocol (https://github.com/embedly/player.js,
 * SPEC.rst; the `player.js` npm package is the reference client). The embedding page sends
 * `{context: 'player.js', method, value?, listener?}` (as JSON text or an object); getters answer
 * `{context, version, event: method, value, listener}`; events go to the listeners the page added.
 * Messages are taken only from the embedding window (`window.parent`, and its origin when the
 * browser tells it) and sent only to it; anything else is ignored. No framework, no DOM beyond the
 * two windows: the media is reached through `MediaAdapter`.
 */
export const PLAYERJS_CONTEXT = 'player.js';
export const PLAYERJS_VERSION = '0.0.11';

export const PLAYERJS_METHODS = [
  'play',
  'pause',
  'getPaused',
  'mute',
  'unmute',
  'getMuted',
  'setVolume',
  'getVolume',
  'getDuration',
  'setCurrentTime',
  'getCurrentTime',
  'setLoop',
  'getLoop',
  'addEventListener',
  'removeEventListener',
] as const;
export type PlayerJsMethod = (typeof PLAYERJS_METHODS)[number];

export const PLAYERJS_EVENTS = ['ready', 'play', 'pause', 'ended', 'timeupdate', 'progress', 'seeked', 'error'] as const;
export type PlayerJsEvent = (typeof PLAYERJS_EVENTS)[number];

/** The media the receiver drives (the player's <video>; anything in tests). */
export interface MediaAdapter {
  play(): void;
  pause(): void;
  paused(): boolean;
  setMuted(muted: boolean): void;
  muted(): boolean;
  /** 0–1 */
  setVolume(volume: number): void;
  volume(): number;
  duration(): number;
  setCurrentTime(seconds: number): void;
  currentTime(): number;
  setLoop(loop: boolean): void;
  loop(): boolean;
  /** Seconds buffered from the start (for `progress`). */
  buffered(): number;
  /** Calls `fn` on a media event (play, pause, ended, timeupdate, progress, seeked, error); returns the unsubscribe. */
  on(event: Exclude<PlayerJsEvent, 'ready'>, fn: () => void): () => void;
}

/**
 * The embed's URL as its `ready` message may carry it. player.js finds its frame by comparing this
 * with the iframe's `src`, so a parent whose origin the browser named (ancestorOrigins, referrer)
 * gets it whole — it wrote that src itself, and only that origin can receive the message. When the
 * parent's origin is unknown, messages go to '*' and carry nothing any page may not read: the
 * share token (and every other secret-bearing parameter) is taken out.
 */
export function readySrc(href: string, parentOriginKnown: boolean): string {
  if (parentOriginKnown) return href;
  try {
    const u = new URL(href);
    for (const k of ['token', 'password', 'sig', 'exp']) u.searchParams.delete(k);
    u.hash = '';
    return u.toString();
  } catch {
    return '';
  }
}

export interface MessagePort {
  /** The embedding window. */
  parent: { postMessage(message: string, targetOrigin: string): void } | null;
  /** Where the embedding page is, when the browser says (ancestorOrigins, else the referrer); null: unknown. */
  parentOrigin: string | null;
  /** The embed's own URL (player.js matches it against the iframe's src). */
  src: string;
}

interface Incoming {
  context?: unknown;
  method?: unknown;
  value?: unknown;
  listener?: unknown;
}

/** Pure: a message from the page as the protocol's fields, or null when it is not one for us. */
export function parseMessage(data: unknown): { method: PlayerJsMethod; value: unknown; listener: string | null } | null {
  let m: Incoming | null = null;
  if (typeof data === 'string') {
    if (data.length > 10_000) return null;
    try {
      const parsed: unknown = JSON.parse(data);
      m = parsed && typeof parsed === 'object' ? (parsed as Incoming) : null;
    } catch {
      return null;
    }
  } else if (data && typeof data === 'object') {
    m = data as Incoming;
  }
  if (!m || m.context !== PLAYERJS_CONTEXT || typeof m.method !== 'string') return null;
  if (!(PLAYERJS_METHODS as readonly string[]).includes(m.method)) return null;
  const listener = typeof m.listener === 'string' || typeof m.listener === 'number' ? String(m.listener).slice(0, 200) : null;
  return { method: m.method as PlayerJsMethod, value: m.value, listener };
}

export class PlayerJsReceiver {
  private readonly listeners = new Map<PlayerJsEvent, Set<string | null>>();
  private readonly off: Array<() => void> = [];
  private isReady = false;

  constructor(
    private readonly media: MediaAdapter,
    private readonly port: MessagePort,
  ) {}

  /** Wires the media's events; call `ready()` once the media can take commands. */
  start(): void {
    const tick = () => this.emit('timeupdate', { seconds: this.media.currentTime(), duration: this.media.duration() });
    this.off.push(
      this.media.on('play', () => this.emit('play')),
      this.media.on('pause', () => this.emit('pause')),
      this.media.on('ended', () => this.emit('ended')),
      this.media.on('seeked', () => this.emit('seeked', { seconds: this.media.currentTime(), duration: this.media.duration() })),
      this.media.on('timeupdate', tick),
      this.media.on('progress', () => {
        const duration = this.media.duration();
        const seconds = this.media.buffered();
        this.emit('progress', { seconds, duration, percent: duration > 0 ? Math.min(1, seconds / duration) : 0 });
      }),
      this.media.on('error', () => this.emit('error', { code: 1, msg: 'The media could not be played.' })),
    );
  }

  stop(): void {
    for (const f of this.off.splice(0)) f();
    this.listeners.clear();
  }

  /** The media takes commands: tell the page (whether or not it listens, as the spec asks). */
  ready(): void {
    this.isReady = true;
    const value = { src: this.port.src, events: [...PLAYERJS_EVENTS], methods: [...PLAYERJS_METHODS] };
    if (!this.emit('ready', value)) this.send('ready', value, null);
  }

  /** A `message` event of the embed's window. */
  receive(e: { source: unknown; origin: string; data: unknown }): void {
    if (!this.port.parent || e.source !== this.port.parent) return;
    if (this.port.parentOrigin && e.origin !== this.port.parentOrigin) return;
    const m = parseMessage(e.data);
    if (!m) return;
    const { method, value, listener } = m;
    switch (method) {
      case 'addEventListener': {
        if (typeof value !== 'string' || !(PLAYERJS_EVENTS as readonly string[]).includes(value)) return;
        const ev = value as PlayerJsEvent;
        const set = this.listeners.get(ev) ?? new Set();
        set.add(listener);
        this.listeners.set(ev, set);
        if (ev === 'ready' && this.isReady) this.ready();
        return;
      }
      case 'removeEventListener': {
        if (typeof value !== 'string') return;
        const set = this.listeners.get(value as PlayerJsEvent);
        if (!set) return;
        if (listener === null) set.clear();
        else set.delete(listener);
        if (set.size === 0) this.listeners.delete(value as PlayerJsEvent);
        return;
      }
      case 'play':
        return this.media.play();
      case 'pause':
        return this.media.pause();
      case 'mute':
        return this.media.setMuted(true);
      case 'unmute':
        return this.media.setMuted(false);
      case 'setVolume': {
        const v = Number(value);
        if (Number.isFinite(v)) this.media.setVolume(Math.min(100, Math.max(0, v)) / 100);
        return;
      }
      case 'setCurrentTime': {
        const t = Number(value);
        if (Number.isFinite(t) && t >= 0) this.media.setCurrentTime(t);
        return;
      }
      case 'setLoop':
        return this.media.setLoop(value === true || value === 'true');
      case 'getPaused':
        return this.send(method, this.media.paused(), listener);
      case 'getMuted':
        return this.send(method, this.media.muted(), listener);
      case 'getVolume':
        return this.send(method, Math.round(this.media.volume() * 100), listener);
      case 'getDuration':
        return this.send(method, this.media.duration(), listener);
      case 'getCurrentTime':
        return this.send(method, this.media.currentTime(), listener);
      case 'getLoop':
        return this.send(method, this.media.loop(), listener);
    }
  }

  /** Sends an event to every listener the page added for it; false when there is none. */
  private emit(event: PlayerJsEvent, value?: unknown): boolean {
    const set = this.listeners.get(event);
    if (!set || set.size === 0) return false;
    for (const listener of set) this.send(event, value, listener);
    return true;
  }

  private send(event: string, value: unknown, listener: string | null): void {
    if (!this.port.parent) return;
    const data: Record<string, unknown> = { context: PLAYERJS_CONTEXT, version: PLAYERJS_VERSION, event };
    if (value !== undefined && value !== null) data.value = value;
    if (listener !== null) data.listener = listener;
    this.port.parent.postMessage(JSON.stringify(data), this.port.parentOrigin ?? '*');
  }
}
