/**
 * The player as a page brings it (watch page and embed): the settings with the master playlist and
 * the first rung's playlist inside them, the URL of the first segment for the page to preload, and
 * the HTML of the player's frame — a <video> the browser has before any script runs, the settings
 * as JSON, and the player's script (public/player/*.js, built from lib/watch/browser/player).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Storage } from '../../platform/storage';
import { log } from '../../platform/log';
import { parseMasterPlaylist } from '../../process/media/hls';
import { mediaPath, streamSettings, type PlayerSettings, type TimelineMark } from '../browser/player/settings';
export { esc, playerMarkup, scriptJson } from '../browser/player/markup';
import type { EmbedParams } from '../browser/embed-params';
import { servedPlaylist, type MediaDelivery } from '../media-origin';
import type { StreamInfo } from '../stream/service';

/** A rung playlist longer than this stays out of the page (a long video's would make the page heavy). */
const INLINE_PLAYLIST_MAX_CHARS = 48 * 1024;
/** The rung a page starts on: the tallest at most this tall, as a bare hls.js starts without a bandwidth estimate (ABR climbs from its first segment). */
const START_HEIGHT_MAX = 360;

export type PlayerEntry = 'watch' | 'embed';

const versions = new Map<PlayerEntry, string>();
/** The player script's URL, with its content hash (it is cached for a long time). */
export function playerScriptUrl(entry: PlayerEntry): string {
  let v = versions.get(entry);
  if (!v) {
    try {
      v = createHash('sha256').update(fs.readFileSync(path.join(process.cwd(), 'public', 'player', `${entry}.js`))).digest('hex').slice(0, 12);
    } catch {
      v = 'dev';
    }
    versions.set(entry, v);
  }
  return `/player/${entry}.js?v=${v}`;
}

export interface PagePlayer {
  settings: PlayerSettings;
  /** The first segment of the starting rung: the page preloads it (`<link rel=preload as=fetch>`). */
  preload: string | null;
  script: string;
}

export interface PagePlayerOptions {
  entry: PlayerEntry;
  storage: Storage;
  delivery: MediaDelivery;
  stream: StreamInfo;
  videoId: string;
  /** The share token the viewer came with (added to caption and API URLs). */
  token: string | null;
  params?: EmbedParams;
  startAt?: number;
  resume?: boolean;
  marks?: TimelineMark[];
  /** The playback-events endpoint's surface query (`?surface=embed`) and whether the host page is the referrer. */
  surface: 'page' | 'embed';
}

/** The rung to start on: the tallest at most START_HEIGHT_MAX (360p), else the smallest. */
export function startRendition<T extends { height: number }>(renditions: T[]): T | null {
  const sorted = [...renditions].sort((a, b) => a.height - b.height);
  return [...sorted].reverse().find((r) => r.height <= START_HEIGHT_MAX) ?? sorted[0] ?? null;
}

function resolve(uri: string, against: string): string {
  // relative to the playlist's URL; the origin's URLs are path-only
  const base = new URL(against, 'http://origin.invalid');
  const u = new URL(uri, base);
  return u.origin === 'http://origin.invalid' ? `${u.pathname}${u.search}` : u.toString();
}

/** The master playlist and the starting rung's playlist, as the media origin would serve them to this page. */
async function inlinePlaylists(o: PagePlayerOptions, ttlSec: number): Promise<{ playlists: Record<string, string>; startHeight: number | null; preload: string | null; live: boolean }> {
  const { stream, storage, delivery } = o;
  const out: Record<string, string> = {};
  const masterPath = mediaPath(stream.master);
  if (!masterPath) return { playlists: out, startHeight: null, preload: null, live: false };
  const signed = new URL(stream.master, 'http://origin.invalid').searchParams;
  const master = await servedPlaylist(storage, masterPath, signed, delivery, ttlSec);
  out[masterPath] = master;
  const variants = parseMasterPlaylist(master).map((v) => {
    const [, h] = /^\d+x(\d+)$/.exec(v.attributes.RESOLUTION ?? '') ?? [];
    return { uri: resolve(v.uri, stream.master), height: Number(h ?? 0) };
  });
  const start = startRendition(variants);
  if (!start) return { playlists: out, startHeight: null, preload: null, live: false };
  const rungPath = mediaPath(start.uri);
  if (!rungPath) return { playlists: out, startHeight: start.height, preload: null, live: false };
  const rung = await servedPlaylist(storage, rungPath, signed, delivery, ttlSec);
  const live = !rung.includes('#EXT-X-ENDLIST');
  // a long one stays out of the page (a live one is asked for again after a segment's length)
  if (rung.length <= INLINE_PLAYLIST_MAX_CHARS) out[rungPath] = rung;
  const first = rung.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'));
  return { playlists: out, startHeight: start.height, preload: first ? resolve(first.trim(), start.uri) : null, live };
}

/** What the page needs to start the player of a playable video. Never throws: without its playlists the player fetches them. */
export async function pagePlayer(o: PagePlayerOptions): Promise<PagePlayer> {
  const ttlSec = o.stream.expiresAt ? Math.max(60, Math.floor((Date.parse(o.stream.expiresAt) - Date.now()) / 1000)) : 3600;
  const inline = await inlinePlaylists(o, ttlSec).catch((e: unknown) => {
    log.warn('player: playlists not inlined', { videoId: o.videoId, error: e instanceof Error ? e.message : String(e) });
    return { playlists: {}, startHeight: null, preload: null, live: false };
  });
  const settings: PlayerSettings = {
    ...streamSettings(o.stream, { videoId: o.videoId, token: o.token, params: o.params, startAt: o.startAt, resume: o.resume, marks: o.marks, surface: o.surface }),
    playlists: inline.playlists,
    startHeight: inline.startHeight,
    live: inline.live || o.stream.status === 'live',
  };
  return { settings, preload: inline.preload, script: playerScriptUrl(o.entry) };
}

