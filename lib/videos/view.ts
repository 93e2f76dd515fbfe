import { cutsToTrim, type Cut } from '../shared/cuts';
import type { VideoRow } from './repo';

export interface VideoView {
  id: string;
  title: string;
  status: VideoRow['status'];
  durationMs: number | null;
  trim: { startMs: number | null; endMs: number | null };
  /** Ranges of the recording left out (ms into the recording); appliedCuts: those of the version playing now. */
  cuts: Cut[];
  appliedCuts: Cut[];
  sourceDurationMs: number | null;
  /** The version playing (opaque): it changes when an edit is applied. */
  version: string | null;
  downloads: boolean;
  canDownload: boolean;
  /** Spoken language chosen by the owner; null: detected by the transcription. */
  language: string | null;
  width: number | null;
  height: number | null;
  posterUrl: string | null;
  /** Short animated WebP for cards and unfurls. */
  previewUrl: string | null;
  shareUrl: string;
  visibility: VideoRow['visibility'];
  workspaceId: string;
  /** The workspace folder it is filed in. */
  folderId: string | null;
  passwordProtected: boolean;
  /** Who may comment and react. */
  comments: VideoRow['commentPolicy'];
  /** True when the caller may change or delete it. */
  canManage: boolean;
  processing: { stage: string | null; progress: number | null };
  error?: { code: string; message: string };
  /** To the owner: what went wrong in processing a video that still plays. */
  problem?: { code: string; message: string };
  createdAt: string;
  /** When the first rendition could be played. */
  playableAt: string | null;
  readyAt: string | null;
  /** Being recorded, and watchable already (a growing playlist). */
  live: boolean;
}

/** A recording watched while it goes on: not playable yet, but its live ingest's version is the stream. */
export function isLive(v: Pick<VideoRow, 'status' | 'masterKey' | 'playableAt'>): boolean {
  return (v.status === 'uploading' || v.status === 'processing') && v.masterKey !== null && v.playableAt === null;
}

/**
 * What a viewer who does not manage the video sees of a failure. The stored reason (ffmpeg's or a
 * model's words, host names, ids) is for the owner and admins only.
 */
export const VIEWER_FAILURE = { code: 'processing_failed', message: 'This video can’t be played right now.' } as const;

/** A failed video's error as this caller may see it. */
export function failureFor(v: Pick<VideoRow, 'errorCode' | 'errorMessage'>, canManage: boolean): { code: string; message: string } {
  if (!canManage) return { ...VIEWER_FAILURE };
  return { code: v.errorCode ?? 'processing_failed', message: v.errorMessage ?? 'Processing failed.' };
}

export function mediaUrl(key: string): string {
  return `/media/${key}`;
}

export function shareUrl(baseUrl: string, videoId: string): string {
  return `${baseUrl.replace(/\/$/, '')}/v/${videoId}`;
}

/**
 * The public JSON shape of a video (API contract §3). `signMedia` turns the poster's and preview's
 * storage keys into signed URLs for callers allowed to watch.
 */
export function toVideoView(
  v: VideoRow,
  baseUrl: string,
  opts: { canManage: boolean; signMedia?: (key: string) => string } = { canManage: false },
): VideoView {
  return {
    id: v.id,
    title: v.title,
    status: v.status,
    durationMs: v.durationMs,
    trim: cutsToTrim(v.cuts, v.sourceDurationMs),
    cuts: v.cuts,
    appliedCuts: v.outputCuts,
    sourceDurationMs: v.sourceDurationMs,
    version: v.outputVersion,
    downloads: v.downloads,
    canDownload: (opts.canManage || v.downloads) && v.outputVersion !== null && !isLive(v) && v.status !== 'failed',
    language: v.language,
    width: v.width,
    height: v.height,
    posterUrl: v.posterKey && opts.signMedia ? opts.signMedia(v.posterKey) : null,
    previewUrl: v.previewKey && opts.signMedia ? opts.signMedia(v.previewKey) : null,
    shareUrl: shareUrl(baseUrl, v.id),
    visibility: v.visibility,
    workspaceId: v.workspaceId,
    folderId: v.folderId,
    passwordProtected: v.passwordHash !== null,
    comments: v.commentPolicy,
    canManage: opts.canManage,
    processing: { stage: v.processingStage, progress: v.processingProgress },
    ...(v.status === 'failed' ? { error: failureFor(v, opts.canManage) } : {}),
    ...(v.status !== 'failed' && v.errorMessage && opts.canManage ? { problem: { code: v.errorCode ?? 'processing_failed', message: v.errorMessage } } : {}),
    createdAt: v.createdAt.toISOString(),
    playableAt: v.playableAt ? v.playableAt.toISOString() : null,
    readyAt: v.readyAt ? v.readyAt.toISOString() : null,
    live: isLive(v),
  };
}
