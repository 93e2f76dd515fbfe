'use client';

import { useEffect } from 'react';
import { api } from '@/lib/client';

/** Not playable yet: say so, and reload once it is. */
export default function EmbedWait({ videoId, token }: { videoId: string; token: string | null }) {
  useEffect(() => {
    const t = setInterval(() => {
      void api
        .call('getVideo', { params: { id: videoId }, query: { token } })
        .then((v) => {
          if (v.status === 'playable' || v.status === 'ready' || v.status === 'failed') window.location.reload();
        })
        .catch(() => undefined);
    }, 3000);
    return () => clearInterval(t);
  }, [videoId, token]);
  return (
    <div className="embed-message" data-testid="embed-message" role="status">
      <strong>Almost there</strong>
      <span>This video is being processed and plays in a moment.</span>
    </div>
  );
}
