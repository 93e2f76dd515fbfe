/**
 * What a player is started with: made by the server with the page (the watch page and the embed put
 * it in the HTML as JSON), read by the player in the browser. Plain data, browser and server.
 */
import { EMBED_DEFAULTS, type EmbedParams } from '../embed-params';
import { baseOf } from '../base-of';

export interface CaptionTrack {
  lang: string;
  label: string;
  url: string;
}

/** A mark on the timeline: a chapter's start, a comment, a reaction. */
export interface TimelineMark {
  atSec: number;
  kind: 'chapter' | 'comment' | 'reaction';
  label: string;
}

export interface PlayerSettings {
  videoId: string;
  /** The signed master playlist. */
  master: string;
  poster: string | null;
  captions: CaptionTrack[];
  /** WebVTT thumbnails track and its sprite (scrub previews), once made. */
  storyboard: { track: string; sprite: string } | null;
  marks: TimelineMark[];
  /** How it starts: the embed's URL parameters (the watch page uses the defaults). */
  params: EmbedParams;
  /** Seconds to start from (`?t=`), beating the position this browser remembers. */
  startAt: number;
  /** Remember where this browser left off. */
  resume: boolean;
  /** Playback events for the owner's insights. */
  analytics: { endpoint: string; playback: { token: string; nextSeq: number }; referrer?: boolean } | null;
  /** Media bases, best first (CDNs, then the origin ''): a failed request moves to the next. */
  bases: string[];
  /** The stream API for fresh media URLs when access changed (renew.ts). */
  renewUrl: string | null;
  /**
   * Playlists that came with the page (the path after `/media/` → the signed text): the player asks
   * no server for them, so its first request is the first segment's (which the page preloads).
   */
  playlists: Record<string, string>;
  /** The rung to start on (its height), the one whose first segment the page preloads; null: the player's choice. */
  startHeight: number | null;
  /** The recording is still going on: the playlist grows, play it from the start. */
  live: boolean;
}

/** The path of a media URL after `/media/` (the key of `playlists`), or null. */
export function mediaPath(url: string): string | null {
  const i = url.indexOf('/media/');
  if (i < 0) return null;
  const q = url.indexOf('?', i);
  return url.slice(i + 7, q < 0 ? undefined : q);
}

/** What the player's frame is made of: its settings and its script. */
export interface PagePlayerMarkup {
  settings: PlayerSettings;
  script: string;
  /** The first segment, for the page to preload (where the markup is the first thing that can name it). */
  preload?: string | null;
}

/** The parts of a stream answer (`GET /api/v1/streams/{id}`) a player needs. */
export interface StreamLike {
  master: string;
  poster: string | null;
  captions: CaptionTrack[];
  storyboard: { track: string; sprite: string } | null;
  fallbacks?: string[];
  playback?: { token: string; nextSeq: number };
  status?: string;
}

/** A URL of the API with the share link's token (when watching through one). */
export const withToken = (url: string, token: string | null) => (token ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : url);

/** The settings for a stream answer (without playlists in the page: the player fetches them). */
export function streamSettings(
  stream: StreamLike,
  o: { videoId: string; token: string | null; params?: EmbedParams; startAt?: number; resume?: boolean; marks?: TimelineMark[]; surface: 'page' | 'embed' },
): PlayerSettings {
  const q = o.token ? `?token=${encodeURIComponent(o.token)}` : '';
  return {
    videoId: o.videoId,
    master: stream.master,
    poster: stream.poster,
    captions: stream.captions.map((c) => ({ ...c, url: withToken(c.url, o.token) })),
    storyboard: stream.storyboard,
    marks: o.marks ?? [],
    params: o.params ?? EMBED_DEFAULTS,
    startAt: o.startAt ?? 0,
    resume: o.resume ?? true,
    analytics: stream.playback
      ? { endpoint: `/api/v1/videos/${o.videoId}/playback-events${q}`, playback: { token: stream.playback.token, nextSeq: stream.playback.nextSeq }, referrer: o.surface === 'embed' }
      : null,
    bases: [stream.master, ...(stream.fallbacks ?? [])].map(baseOf),
    renewUrl: withToken(`/api/v1/streams/${o.videoId}?renew=1${o.surface === 'embed' ? '&surface=embed' : ''}`, o.token),
    playlists: {},
    startHeight: null,
    live: stream.status === 'live',
  };
}
