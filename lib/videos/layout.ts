import type { VideoId } from '../shared/api/enums';
/**
 * Where a video's outputs live in storage. Every output belongs to a version folder
 * `videos/<videoId>/<version>/`: the master playlist, one folder per rung, the poster, the animated
 * preview and the storyboard (sprite + WebVTT). Nothing else builds these keys.
 */
export const OUTPUT_FILES = {
  master: 'master.m3u8',
  poster: 'poster.jpg',
  preview: 'preview.webp',
  storyboardVtt: 'storyboard.vtt',
  storyboardSprite: 'storyboard.jpg',
  /** The MP4 download, made on its first request from the top rung. */
  download: 'download.mp4',
} as const;

/** Every output of a video, all versions (what deleting it removes). */
export function videoOutputsPrefix(videoId: VideoId): string {
  return `videos/${videoId}`;
}

export interface VersionLayout {
  videoId: VideoId;
  version: string;
  /** `videos/<id>/<version>` */
  prefix: string;
  master: string;
  poster: string;
  preview: string;
  storyboardVtt: string;
  storyboardSprite: string;
  download: string;
  /** The folder of a rung (`…/720p`). */
  rung(name: string): string;
  /** Any file of the version by its path inside it (a rung's playlist `720p/index.m3u8`). */
  key(relative: string): string;
}

export function versionLayout(videoId: VideoId, version: string): VersionLayout {
  const prefix = `${videoOutputsPrefix(videoId)}/${version}`;
  const key = (relative: string) => `${prefix}/${relative}`;
  return {
    videoId,
    version,
    prefix,
    master: key(OUTPUT_FILES.master),
    poster: key(OUTPUT_FILES.poster),
    preview: key(OUTPUT_FILES.preview),
    storyboardVtt: key(OUTPUT_FILES.storyboardVtt),
    storyboardSprite: key(OUTPUT_FILES.storyboardSprite),
    download: key(OUTPUT_FILES.download),
    rung: (name) => key(name),
    key,
  };
}

/** The storyboard sprite that goes with a storyboard track key. */
export function spriteOfStoryboard(storyboardKey: string): string {
  return storyboardKey.replace(/\.vtt$/, '.jpg');
}
