import type { Db } from '../db/client';
import { WeftError } from '../errors';
import { listRenditions, requireVideo } from '../videos/repo';
import { mediaUrl } from '../videos/view';

export interface StreamInfo {
  videoId: string;
  master: string;
  renditions: Array<{ name: string; width: number; height: number; bandwidth: number; url: string }>;
  captions: Array<{ lang: string; url: string }>;
  poster: string | null;
  storyboard?: string;
  expiresAt: string | null;
}

/** The streaming service: where a ready video's HLS lives. Access checks join here (accounts issue). */
export async function getStream(db: Db, videoId: string): Promise<StreamInfo> {
  const video = await requireVideo(db, videoId);
  if (video.status === 'failed') {
    throw new WeftError('video_not_ready', video.errorMessage ?? 'This video could not be processed.', {
      details: { status: video.status },
    });
  }
  if (!video.masterKey || (video.status !== 'ready' && video.status !== 'playable')) {
    throw new WeftError('video_not_ready', 'This video is still being processed.', { details: { status: video.status } });
  }
  const rows = await listRenditions(db, video.id);
  return {
    videoId: video.id,
    master: mediaUrl(video.masterKey),
    renditions: rows
      .sort((a, b) => b.height - a.height)
      .map((r) => ({ name: r.name, width: r.width, height: r.height, bandwidth: r.bandwidth, url: mediaUrl(r.playlistKey) })),
    captions: [],
    poster: video.posterKey ? mediaUrl(video.posterKey) : null,
    expiresAt: null,
  };
}
