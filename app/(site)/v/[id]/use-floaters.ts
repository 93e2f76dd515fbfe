'use client';

import { useEffect, useRef, useState } from 'react';
import type { CommentItem, ReactionItem } from './use-social';

export interface Floater {
  key: string;
  kind: 'comment' | 'reaction';
  text: string;
}

const SHOW_MS = 2500;

/**
 * While the video plays, the comments and reactions whose moment was just passed float in over the
 * player for a couple of seconds (a seek does not replay everything it skipped).
 */
export function useFloaters(comments: CommentItem[], reactions: ReactionItem[], time: number): Floater[] {
  const [shown, setShown] = useState<Array<Floater & { until: number }>>([]);
  const prev = useRef(time);
  useEffect(() => {
    const from = prev.current;
    prev.current = time;
    if (time <= from || time - from > 1.5) return; // paused, rewound or jumped
    const now = Date.now();
    const hit = (at: number) => at > from && at <= time;
    const fresh: Array<Floater & { until: number }> = [
      ...comments.filter((c) => !c.parentId && hit(c.atSec)).map((c) => ({ key: `c${c.id}${now}`, kind: 'comment' as const, text: `${c.author.name}: ${c.text.slice(0, 60)}`, until: now + SHOW_MS })),
      ...reactions.filter((r) => hit(r.atSec)).map((r) => ({ key: `r${r.emoji}${r.atSec}${now}`, kind: 'reaction' as const, text: r.count > 1 ? `${r.emoji} ×${r.count}` : r.emoji, until: now + SHOW_MS })),
    ];
    if (fresh.length > 0) setShown((list) => [...list.filter((f) => f.until > now), ...fresh].slice(-6));
  }, [time, comments, reactions]);
  useEffect(() => {
    if (shown.length === 0) return;
    const t = setTimeout(() => setShown((list) => list.filter((f) => f.until > Date.now())), 500);
    return () => clearTimeout(t);
  }, [shown]);
  return shown;
}
