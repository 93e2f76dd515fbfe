'use client';

import { useCallback, useEffect, useState } from 'react';
import type { VideoView } from '@/lib/videos/view';

const FINAL = new Set(['ready', 'failed']);

/** Ready or failed, with nothing being made (an edit being applied is work in progress). */
const settled = (v: VideoView) => FINAL.has(v.status) && !v.processing.stage;

/**
 * A video kept current by server-sent events until it is ready or failed and nothing more is being
 * made for it; `put` sets it (the answer of a change the page made, which may start new work).
 */
export function useVideoEvents(initial: VideoView, url: string): [VideoView, (v: VideoView) => void] {
  const [video, setVideo] = useState<VideoView>(initial);
  const done = settled(video);
  useEffect(() => {
    if (done) return;
    const es = new EventSource(url);
    es.addEventListener('video', (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as VideoView;
      setVideo(next);
      if (settled(next)) es.close();
    });
    // the viewer may no longer watch: the page shows why on its next load
    es.addEventListener('access_ended', () => es.close());
    return () => es.close();
  }, [url, done]);
  return [video, setVideo];
}

export interface VideoList {
  videos: VideoView[];
  /** Puts a video in (a restore) or replaces it (a rename); newest first. */
  put(video: VideoView): void;
  remove(id: string): void;
}

/** Several videos (the library), each updated as its events arrive; the page may put and remove. */
export function useVideosEvents(initial: VideoView[]): VideoList {
  const [videos, setVideos] = useState<VideoView[]>(initial);
  const pending = videos.filter((v) => !FINAL.has(v.status)).map((v) => v.id);
  const key = pending.join(',');
  useEffect(() => {
    if (!key) return;
    const es = new EventSource(`/api/v1/videos/events?ids=${key}`);
    es.addEventListener('video', (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as VideoView;
      setVideos((list) => list.map((v) => (v.id === next.id ? next : v)));
    });
    es.addEventListener('deleted', (e) => {
      const { id } = JSON.parse((e as MessageEvent<string>).data) as { id: string };
      setVideos((list) => list.filter((v) => v.id !== id));
    });
    es.addEventListener('access_ended', () => es.close());
    return () => es.close();
  }, [key]);
  const put = useCallback((video: VideoView) => {
    setVideos((list) => [...list.filter((v) => v.id !== video.id), video].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
  }, []);
  const remove = useCallback((id: string) => setVideos((list) => list.filter((v) => v.id !== id)), []);
  return { videos, put, remove };
}
