'use client';

import dynamic from 'next/dynamic';
import type { VideoView } from '@/lib/videos/view';

// the owner's panels load after the player has started (they are below it, and fill from the API)
const SharePanel = dynamic(() => import('./SharePanel'), { ssr: false });
const InsightsPanel = dynamic(() => import('./InsightsPanel'), { ssr: false });

/** Sharing and insights, for those who manage the video. */
export default function OwnerPanels({ video }: { video: VideoView }) {
  return (
    <>
      <SharePanel video={video} />
      <InsightsPanel videoId={video.id} />
    </>
  );
}
