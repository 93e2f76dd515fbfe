'use client';

import { useState } from 'react';
import { embedUrl } from '@/lib/watch/browser/embed-params';
import CopyButton from '@/app/CopyButton';

/** Where the watch page's player is now (the share panel sits beside it). */
function playerTime(): number {
  const v = document.querySelector<HTMLVideoElement>('[data-testid="player"] video');
  return v ? Math.floor(v.currentTime) : 0;
}

/** The iframe snippet in a responsive 16:9 wrapper; optionally starting where the owner is now. */
export function embedSnippet(src: string, title: string): string {
  const t = title.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return (
    `<div style="position:relative;padding-top:56.25%;"><iframe src="${src.replace(/&/g, '&amp;')}" title="${t}" ` +
    `style="position:absolute;inset:0;width:100%;height:100%;border:0;" allow="autoplay; fullscreen; picture-in-picture"></iframe></div>`
  );
}

export default function EmbedCode({ videoId, title, shareUrl, isPrivate }: { videoId: string; title: string; shareUrl: string; isPrivate: boolean }) {
  const [atCurrent, setAtCurrent] = useState(false);
  const [start, setStart] = useState(0);
  const base = new URL(shareUrl).origin;
  const code = embedSnippet(embedUrl(base, videoId, { start: atCurrent ? start : 0 }), title);
  return (
    <div className="embed-code" data-testid="embed-code">
      <h3>Embed</h3>
      <textarea readOnly value={code} rows={3} aria-label="Embed code" data-testid="embed-snippet" onFocus={(e) => e.currentTarget.select()} />
      <div className="row">
        <label className="check">
          <input
            type="checkbox"
            checked={atCurrent}
            data-testid="embed-at-current"
            onChange={(e) => {
              setStart(playerTime());
              setAtCurrent(e.target.checked);
            }}
          />
          Start at the current time{atCurrent && start > 0 ? ` (${start} s)` : ''}
        </label>
        <CopyButton text={code} testId="embed-copy" />
      </div>
      {isPrivate && <p className="muted small">This video is private: an embed plays it only with a share link’s token added to its address (?token=…).</p>}
    </div>
  );
}
