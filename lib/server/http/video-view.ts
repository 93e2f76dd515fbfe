import { deps } from '../deps';
import { mediaExpiry, signedMediaUrl } from '../../watch/stream/service';
import type { VideoRow } from '../../videos/repo';
import { toVideoView, type VideoView } from '../../videos/view';

/** A video's JSON for a caller who may watch it (poster and preview URLs signed for them). */
export async function videoViewFor(video: VideoRow, baseUrl: string, canManage: boolean): Promise<VideoView> {
  const { signingKey } = await deps();
  const expiresAt = mediaExpiry(video, deps().config.WEFT_MEDIA_URL_TTL_SECONDS, deps().clock.now());
  return toVideoView(video, baseUrl, { canManage, signMedia: (key) => signedMediaUrl(key, video, signingKey, expiresAt) });
}
