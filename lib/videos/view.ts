import type { VideoRow } from './repo';

export interface VideoView {
  id: string;
  title: string;
  status: VideoRow['status'];
  durationMs: number | null;
  width: number | null;
  height: number | null;
  posterUrl: string | null;
  shareUrl: string;
  processing: { stage: string | null; progress: number | null };
  error?: { code: string; message: string };
  createdAt: string;
  readyAt: string | null;
}

export function mediaUrl(key: string): string {
  return `/media/${key}`;
}

export function shareUrl(baseUrl: string, videoId: string): string {
  return `${baseUrl.replace(/\/$/, '')}/v/${videoId}`;
}

/** The public JSON shape of a video (API contract §3). */
export function toVideoView(v: VideoRow, baseUrl: string): VideoView {
  return {
    id: v.id,
    title: v.title,
    status: v.status,
    durationMs: v.durationMs,
    width: v.width,
    height: v.height,
    posterUrl: v.posterKey ? mediaUrl(v.posterKey) : null,
    shareUrl: shareUrl(baseUrl, v.id),
    processing: { stage: v.processingStage, progress: v.processingProgress },
    ...(v.status === 'failed'
      ? { error: { code: v.errorCode ?? 'processing_failed', message: v.errorMessage ?? 'Processing failed.' } }
      : {}),
    createdAt: v.createdAt.toISOString(),
    readyAt: v.readyAt ? v.readyAt.toISOString() : null,
  };
}
