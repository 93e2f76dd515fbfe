import type { VideoRow } from '../../videos/repo';
import { embedUrl } from '../browser/embed-params';

/**
 * oEmbed (https://oembed.com) for a watch or embed URL of this Weft: type `video`, the iframe
 * sized within maxwidth/maxheight at the video's shape. Pure; access and lookups are the caller's.
 */
export interface OEmbedVideo {
  type: 'video';
  version: '1.0';
  title: string;
  author_name?: string;
  provider_name: 'Weft';
  provider_url: string;
  html: string;
  width: number;
  height: number;
  thumbnail_url?: string;
  thumbnail_width?: number;
  thumbnail_height?: number;
  duration?: number;
}

/** The video id and share token an oEmbed `url` names, if it is a watch or embed URL of `base`. */
export function parseVideoUrl(raw: string, base: string): { videoId: string; token: string | null; start: number | null } | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.origin !== new URL(base).origin) return null;
  const m = /^\/(?:v|embed)\/([0-9a-f-]{36})\/?$/i.exec(u.pathname);
  if (!m) return null;
  const t = Number(u.searchParams.get('t'));
  return { videoId: m[1]!.toLowerCase(), token: u.searchParams.get('token'), start: Number.isFinite(t) && t > 0 ? t : null };
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The largest size of the video's shape (default 16:9) within the asked maximums (default 640 wide). */
export function fitSize(video: { width: number | null; height: number | null }, max: { width?: number; height?: number }): { width: number; height: number } {
  const aspect = video.width && video.height ? video.width / video.height : 16 / 9;
  let width = Math.min(max.width ?? 640, 640 * Math.max(1, aspect / (16 / 9)));
  let height = width / aspect;
  if (max.height && height > max.height) {
    height = max.height;
    width = height * aspect;
  }
  return { width: Math.max(1, Math.round(width)), height: Math.max(1, Math.round(height)) };
}

export function oembedFor(
  video: Pick<VideoRow, 'id' | 'title' | 'width' | 'height' | 'durationMs'>,
  opts: { base: string; token: string | null; start: number | null; maxwidth?: number; maxheight?: number; author: string | null; thumbnailUrl: string | null },
): OEmbedVideo {
  const { width, height } = fitSize(video, { width: opts.maxwidth, height: opts.maxheight });
  const src = embedUrl(opts.base, video.id, { token: opts.token, start: opts.start ?? undefined });
  const html =
    `<iframe src="${escapeAttr(src)}" width="${width}" height="${height}" title="${escapeAttr(video.title)}" ` +
    `frameborder="0" allow="autoplay; fullscreen; picture-in-picture"></iframe>`;
  const thumb = opts.thumbnailUrl && video.width && video.height ? { thumbnail_url: opts.thumbnailUrl, ...fitThumb(video.width, video.height) } : {};
  return {
    type: 'video',
    version: '1.0',
    title: video.title,
    ...(opts.author ? { author_name: opts.author } : {}),
    provider_name: 'Weft',
    provider_url: opts.base,
    html,
    width,
    height,
    ...thumb,
    ...(video.durationMs ? { duration: Math.round(video.durationMs / 1000) } : {}),
  };
}

/** The poster is at most 720 px tall (see lib/process/media/thumbnails). */
function fitThumb(w: number, h: number): { thumbnail_width: number; thumbnail_height: number } {
  const k = Math.min(1, 720 / h);
  return { thumbnail_width: Math.round(w * k), thumbnail_height: Math.round(h * k) };
}
