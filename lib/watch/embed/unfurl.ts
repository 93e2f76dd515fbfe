import { findAnalysis } from '../../process/analysis/service';
import type { Db } from '../../platform/db/client';
import { WeftError } from '../../platform/errors';
import { signedMediaUrl } from '../stream/service';
import { ANONYMOUS } from '../../videos/policy';
import { ownerNameOf, type VideoRow } from '../../videos/repo';
import { accessVideo } from '../../library/sharing';
import { shareUrl } from '../../videos/view';
import { oembedFor, parseVideoUrl, type OEmbedVideo } from './oembed';
import { embedUrl } from '../browser/embed-params';

/** Unfurl images live a week (a crawler fetches them once; every page view signs anew). */
const UNFURL_URL_TTL_MS = 7 * 24 * 3600_000;

/** The poster as a signed URL a crawler can fetch (that image only, while the video's access stays as it is), or null. */
export function unfurlImage(video: VideoRow, signingKey: string, base: string): string | null {
  if (!video.posterKey) return null;
  return `${base}${signedMediaUrl(video.posterKey, video, signingKey, new Date(Date.now() + UNFURL_URL_TTL_MS), 'file')}`;
}

/**
 * `GET /api/v1/oembed`: the URL must be a watch or embed page of this Weft; the video is judged as
 * an anonymous visitor with the URL's share token would be. Private (or a dead link) → 404, a
 * password → 401; `format=xml` → 501.
 */
export async function oembedOf(
  db: Db,
  signingKey: string,
  base: string,
  q: { url: string | null; format: string | null; maxwidth: string | null; maxheight: string | null },
): Promise<OEmbedVideo> {
  if (q.format && q.format !== 'json') throw new WeftError('not_implemented', 'Only format=json is offered.');
  if (!q.url) throw new WeftError('validation_failed', 'url is required.');
  const target = parseVideoUrl(q.url, base);
  if (!target) throw new WeftError('not_found', 'That URL is not a video on this Weft.');
  const { video, decision } = await accessVideo(db, target.videoId, { viewer: ANONYMOUS, shareToken: target.token, passwordUnlocked: () => false });
  if (!video || !decision.allow) {
    if (!decision.allow && decision.code === 'password_required') throw new WeftError('unauthorized', 'This video is protected by a password.');
    throw new WeftError('not_found', 'No video with this id.');
  }
  const dim = (v: string | null) => {
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? Math.min(n, 4096) : undefined;
  };
  return oembedFor(video, {
    base,
    token: target.token,
    start: target.start,
    maxwidth: dim(q.maxwidth),
    maxheight: dim(q.maxheight),
    author: await ownerNameOf(db, video.ownerId),
    thumbnailUrl: unfurlImage(video, signingKey, base),
  });
}

export interface Unfurl {
  title: string;
  description: string | null;
  image: string;
  imageWidth: number | null;
  imageHeight: number | null;
  watchUrl: string;
  embedUrl: string;
  oembedUrl: string;
  width: number;
  height: number;
  /** Public videos may be indexed; link-only ones not. */
  index: boolean;
}

/** What a watch page tells crawlers (OpenGraph, Twitter player card, oEmbed discovery): link and public videos without a password only. */
export async function unfurlOf(db: Db, video: VideoRow, signingKey: string, base: string, token: string | null): Promise<Unfurl | null> {
  if (video.visibility === 'private' || video.passwordHash) return null;
  const analysis = await findAnalysis(db, video.id);
  const description = analysis?.summary.join(' ').slice(0, 300) || null;
  const watchUrl = `${shareUrl(base, video.id)}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const w = video.width ?? 1280;
  const h = video.height ?? 720;
  const k = Math.min(1, 720 / h);
  return {
    title: video.title,
    description,
    image: unfurlImage(video, signingKey, base) ?? `${base}/og-default.png`,
    imageWidth: video.posterKey ? Math.round(w * k) : 1200,
    imageHeight: video.posterKey ? Math.round(h * k) : 630,
    watchUrl,
    embedUrl: embedUrl(base, video.id, { token }),
    oembedUrl: `${base}/api/v1/oembed?url=${encodeURIComponent(watchUrl)}&format=json`,
    width: Math.round(w * k),
    height: Math.round(h * k),
    index: video.visibility === 'public',
  };
}
